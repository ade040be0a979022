package io.mongo2pg.cli.lag;

import io.mongo2pg.cli.text.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link LagReport} as aligned text tables: partitions per group, then freshness per collection. */
final class LagTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private LagTable() {
    }

    static String render(LagReport report) {
        StringBuilder out = new StringBuilder("mongo2pg lag at " + TIME.format(report.takenAt()) + " UTC\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ROLE", "GROUP", "TOPIC", "PARTITION", "COMMITTED", "POSTGRES", "END", "LAG"));
        for (GroupLag group : report.groups()) {
            for (PartitionLag p : group.partitions()) {
                rows.add(List.of(group.role(), group.group(), p.topic(), String.valueOf(p.partition()),
                        orDash(p.committed()), orDash(p.postgres()), String.valueOf(p.end()), String.valueOf(p.lag())));
            }
        }
        TextTable.append(rows, out);
        for (GroupLag group : report.groups()) {
            out.append(String.format("%s (%s): total lag %d%n", group.role(), group.group(), group.totalLag()));
            if (!group.missingTopics().isEmpty()) {
                out.append("  topics not created yet: ").append(String.join(", ", group.missingTopics()))
                        .append(" (nothing captured for them so far)\n");
            }
        }
        out.append('\n');
        freshness(report, out);
        return out.toString();
    }

    private static void freshness(LagReport report, StringBuilder out) {
        if (report.postgresProblem() != null) {
            out.append("freshness: ").append(report.postgresProblem()).append('\n');
            return;
        }
        if (report.freshness().isEmpty()) {
            out.append("freshness: nothing applied to PostgreSQL yet (mongo2pg.progress is empty)\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("COLLECTION", "LAST SOURCE CHANGE (UTC)", "APPLIED AT (UTC)", "BEHIND SOURCE"));
        for (CollectionFreshness f : report.freshness()) {
            rows.add(List.of(f.collection(), TIME.format(f.lastSourceChange()), TIME.format(f.appliedAt()),
                    human(Duration.ofMillis(f.behindSourceMs()))));
        }
        TextTable.append(rows, out);
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120) {
            return String.format("%.1f s", d.toMillis() / 1000.0);
        }
        return d.toMinutes() < 120 ? d.toMinutes() + " min" : d.toHours() + " h";
    }

    private static String orDash(Long value) {
        return value == null ? "-" : value.toString();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
