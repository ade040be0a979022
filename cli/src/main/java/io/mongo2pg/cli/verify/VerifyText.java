package io.mongo2pg.cli.verify;

import io.mongo2pg.cli.text.TextTable;
import io.mongo2pg.cli.verify.DanglingReferenceFinder.ReferenceCheck;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link VerifyReport} as text: a table of counts per collection, then every listed difference. */
public final class VerifyText {
    private VerifyText() {
    }

    public static String render(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("COLLECTION", "MONGODB", "POSTGRES", "COMPARED", "DIFFERENCES", "RESULT"));
        for (CollectionReport c : report.collections()) {
            rows.add(List.of(c.collection(), Long.toString(c.mongoCount()), Long.toString(c.postgresCount()),
                    c.compared() + (c.sampled() ? " (sample)" : ""), Long.toString(c.differencesTotal()),
                    c.clean() ? "OK" : "DIFFERS"));
        }
        TextTable.append(rows, out);
        for (CollectionReport c : report.collections()) {
            if (c.mongoCount() != c.postgresCount()) {
                out.append(c.collection()).append(": MongoDB has ").append(c.mongoCount()).append(" documents, ")
                        .append("PostgreSQL ").append(c.postgresCount()).append('\n');
            }
            c.differences().forEach(d -> out.append("  ").append(d.describe()).append('\n'));
            if (c.differencesTotal() > c.differences().size()) {
                out.append("  ... and ").append(c.differencesTotal() - c.differences().size())
                        .append(" more (raise --max-differences)\n");
            }
        }
        for (ReferenceCheck check : report.references()) {
            out.append("reference ").append(check.reference().table()).append('.').append(check.reference().column())
                    .append(" -> ").append(check.reference().referencedTable()).append('.')
                    .append(check.reference().referencedColumn()).append(": ")
                    .append(check.dangling() == 0 ? "OK" : check.dangling() + " dangling").append('\n');
        }
        report.dangling().forEach(d -> out.append("  dangling: ").append(d.describe()).append('\n'));
        out.append(report.clean() ? "verify: clean\n" : "verify: " + report.differencesTotal() + " difference(s), "
                + report.danglingTotal() + " dangling reference(s)\n");
        return out.toString();
    }
}
