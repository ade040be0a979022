package io.mongo2pg.cli.verify;

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
        table(rows, out);
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

    /** Aligned columns, two spaces apart. */
    public static void table(List<List<String>> rows, StringBuilder out) {
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s", row.get(i))).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
