package io.mongo2pg.cli.text;

import java.util.List;

/** Plain-text tables for terminal output: columns left-aligned to their widest cell, two spaces apart. */
public final class TextTable {
    private TextTable() {
    }

    /** Appends {@code rows} (the first one is the header) to {@code out}, one line each. */
    public static void append(List<List<String>> rows, StringBuilder out) {
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
