package io.mongo2pg.cli.cutover;

import io.mongo2pg.cli.text.TextTable;
import io.mongo2pg.cli.lag.CollectionFreshness;
import io.mongo2pg.cli.lag.GroupLag;
import io.mongo2pg.cli.lag.LagReport;
import io.mongo2pg.cli.verify.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what was measured into the go/no-go lines. Freshness (now minus the source time of the last applied change)
 * grows while the source is idle, so a collection behind by more than the threshold still passes when both consumer
 * groups have no lag at all: nothing is waiting to be applied.
 */
final class CutoverChecks {
    private CutoverChecks() {
    }

    static List<CheckResult> lag(LagReport report, long maxLagRecords, Duration maxFreshness) {
        List<CheckResult> results = new ArrayList<>();
        for (GroupLag group : report.groups()) {
            results.add(new CheckResult("lag " + group.role() + " (" + group.group() + ")",
                    group.totalLag() <= maxLagRecords, group.totalLag() + " records", "<= " + maxLagRecords));
        }
        boolean idle = report.groups().stream().allMatch(g -> g.totalLag() == 0);
        if (report.postgresProblem() != null) {
            results.add(new CheckResult("freshness", false, report.postgresProblem(), "readable"));
        } else if (report.freshness().isEmpty()) {
            results.add(new CheckResult("freshness", false, "nothing applied yet (mongo2pg.progress is empty)",
                    "<= " + maxFreshness.toSeconds() + " s"));
        }
        for (CollectionFreshness f : report.freshness()) {
            boolean fresh = f.behindSourceMs() <= maxFreshness.toMillis();
            results.add(new CheckResult("freshness " + f.collection(), fresh || idle,
                    f.behindSourceMs() + " ms behind source" + (!fresh && idle ? " (source idle, no lag)" : ""),
                    "<= " + maxFreshness.toSeconds() + " s"));
        }
        return results;
    }

    static List<CheckResult> verify(VerifyReport report, Integer sample) {
        List<CheckResult> results = new ArrayList<>();
        long countMismatches = report.collections().stream().filter(c -> c.mongoCount() != c.postgresCount()).count();
        results.add(new CheckResult("verify counts", countMismatches == 0,
                countMismatches + " collection(s) with other counts", "0"));
        results.add(new CheckResult("verify documents" + (sample == null ? "" : " (sample " + sample + ")"),
                report.differencesTotal() == 0, report.differencesTotal() + " difference(s)", "0"));
        results.add(new CheckResult("dangling references", report.danglingTotal() == 0,
                report.danglingTotal() + " value(s)", "0"));
        return results;
    }

    static CheckResult foreignKeys(List<ForeignKeyDryRun.Failure> failures, int statements) {
        return new CheckResult("foreign keys (dry run)", failures.isEmpty(),
                failures.isEmpty() ? statements + " statement(s) succeed" : failures.size() + " statement(s) fail",
                "all succeed");
    }

    static CheckResult deadLetters(long count) {
        return new CheckResult("dead letters (mongo2pg.dead_letters)", count == 0, count + " row(s)", "0");
    }

    static String render(List<CheckResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CHECK", "RESULT", "MEASURED", "NEEDED"));
        results.forEach(r -> rows.add(List.of(r.check(), r.go() ? "GO" : "NO-GO", r.measured(), r.threshold())));
        StringBuilder out = new StringBuilder();
        TextTable.append(rows, out);
        boolean go = results.stream().allMatch(CheckResult::go);
        out.append(go ? "cutover: GO\n" : "cutover: NO-GO\n");
        return out.toString();
    }
}
