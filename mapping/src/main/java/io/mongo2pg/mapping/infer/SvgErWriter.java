package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.schema.TableKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws an {@link ErDiagram} as a standalone SVG, without a browser: one lane per collection (lanes wrap into rows),
 * in each lane the root table on top and the tables nested in it below, indented by depth and hung on a trunk line
 * from their parent (a crow's foot marks one-to-many); cross-collection references are dashed red curves from the
 * referencing column's row to the referenced column's row. Text is monospace, so widths are computed, not measured:
 * the same model always gives the same picture.
 */
public final class SvgErWriter {
    private static final double CHAR = 7.3;
    private static final int ROW = 18;
    private static final int HEADER = 24;
    private static final int PAD = 8;
    private static final int KEY_WIDTH = 44;
    private static final int INDENT = 28;
    private static final int GAP_Y = 26;
    private static final int GAP_X = 90;
    private static final int MARGIN = 24;
    private static final int LANES_PER_ROW = 4;
    private static final Map<TableKind, String> COLORS = Map.of(TableKind.ROOT, "#1f4e79", TableKind.CHILD, "#2e7d6b",
            TableKind.LINK, "#b36b00", TableKind.ONE_TO_ONE, "#6a4c93");

    private record Placed(ErDiagram.Box box, double x, double y, double width) {
        double height() {
            return HEADER + box.fields().size() * ROW + 4;
        }

        double rowY(String column) {
            List<ErDiagram.Field> fields = box.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(column)) {
                    return y + HEADER + i * ROW + ROW / 2.0;
                }
            }
            return y + HEADER / 2.0;
        }
    }

    private SvgErWriter() {
    }

    public static String write(ErDiagram diagram) {
        Map<String, Placed> placed = new HashMap<>();
        double[] size = layout(diagram, placed);
        StringBuilder svg = new StringBuilder();
        double width = size[0];
        double height = size[1] + 40;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">%n",
                width, height, width, height));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/>"
                + "</marker></defs>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", width, height));
        diagram.parentEdges().forEach(e -> parentEdge(svg, placed.get(e.target()), placed.get(e.table()), e.kind()));
        // References under the boxes: a line crossing a box hides behind it rather than over its text.
        diagram.references().forEach(e -> reference(svg, placed.get(e.table()), e.column(), placed.get(e.target()),
                e.targetColumn()));
        placed.values().stream().sorted((a, b) -> a.box().table().compareTo(b.box().table())).forEach(p -> box(svg, p));
        legend(svg, height - 22);
        return svg.append("</svg>\n").toString();
    }

    /** Places every box; returns the drawing's width and height. */
    private static double[] layout(ErDiagram diagram, Map<String, Placed> placed) {
        double x = MARGIN;
        double y = MARGIN;
        double rowHeight = 0;
        double maxWidth = 0;
        List<ErDiagram.Lane> lanes = diagram.lanes();
        for (int i = 0; i < lanes.size(); i++) {
            if (i > 0 && i % LANES_PER_ROW == 0) {
                x = MARGIN;
                y += rowHeight + GAP_Y * 2;
                rowHeight = 0;
            }
            double laneWidth = 0;
            double laneY = y;
            for (ErDiagram.Box box : lanes.get(i).boxes()) {
                Placed p = new Placed(box, x + box.depth() * INDENT, laneY, width(box));
                placed.put(box.table(), p);
                laneY += p.height() + GAP_Y;
                laneWidth = Math.max(laneWidth, box.depth() * INDENT + p.width());
            }
            rowHeight = Math.max(rowHeight, laneY - y);
            x += laneWidth + GAP_X;
            maxWidth = Math.max(maxWidth, x - GAP_X + MARGIN);
        }
        return new double[] {Math.max(maxWidth, 1000), y + rowHeight + MARGIN};
    }

    private static double width(ErDiagram.Box box) {
        int name = 0;
        int type = 0;
        for (ErDiagram.Field f : box.fields()) {
            name = Math.max(name, f.name().length());
            type = Math.max(type, f.type().length());
        }
        double columns = PAD + KEY_WIDTH + (name + 2 + type) * CHAR + PAD;
        return Math.ceil(Math.max(columns, box.table().length() * CHAR * 1.1 + 2 * PAD));
    }

    private static void box(StringBuilder svg, Placed p) {
        String color = COLORS.get(p.box().kind());
        svg.append(String.format(Locale.ROOT, "<g><title>%s (%s)</title>%n", xml(p.box().table()),
                p.box().kind().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" "
                + "fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", p.x(), p.y(), p.width(), p.height(), color));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"4\" "
                + "fill=\"%s\"/>%n", p.x(), p.y(), p.width(), HEADER, color));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#ffffff\" font-weight=\"bold\" "
                + "font-size=\"13\">%s</text>%n", p.x() + PAD, p.y() + 16.5, xml(p.box().table())));
        List<ErDiagram.Field> fields = p.box().fields();
        for (int i = 0; i < fields.size(); i++) {
            ErDiagram.Field f = fields.get(i);
            double baseline = p.y() + HEADER + i * ROW + 13;
            if (i % 2 == 1) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"#f2f5f8\"/>%n", p.x() + 1, p.y() + HEADER + i * ROW, p.width() - 2, ROW));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#8a6d00\" font-size=\"10\">%s</text>"
                    + "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1b1b1b\">%s</text>"
                    + "<text x=\"%.1f\" y=\"%.1f\" fill=\"#5a6570\" text-anchor=\"end\">%s</text>%n",
                    p.x() + PAD, baseline, f.keys(), p.x() + PAD + KEY_WIDTH, baseline, xml(f.name()),
                    p.x() + p.width() - PAD, baseline, xml(f.type())));
        }
        svg.append("</g>\n");
    }

    /** The trunk from the parent's bottom-left down to the child's header, with a crow's foot for one-to-many. */
    private static void parentEdge(StringBuilder svg, Placed parent, Placed child, TableKind kind) {
        double trunk = parent.x() + INDENT / 2.0;
        double y = child.y() + HEADER / 2.0;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f\" fill=\"none\" stroke=\"#555\" "
                + "stroke-width=\"1.3\"/>%n", trunk, parent.y() + parent.height(), trunk, y, child.x(), y));
        if (kind != TableKind.ONE_TO_ONE) {
            double x = child.x();
            svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\" stroke=\"#555\" "
                    + "stroke-width=\"1.3\"/>%n", x - 9, y, x, y - 6, x - 9, y, x, y + 6));
        }
    }

    /** A dashed curve from the referencing row to the referenced row, leaving and entering boxes on facing sides. */
    private static void reference(StringBuilder svg, Placed from, String column, Placed to, String targetColumn) {
        double y1 = from.rowY(column);
        double y2 = to.rowY(targetColumn);
        boolean rightward = to.x() >= from.x() + from.width();
        boolean sameLane = !rightward && to.x() + to.width() > from.x();
        double x1 = rightward || sameLane ? from.x() + from.width() : from.x();
        double x2 = rightward ? to.x() : to.x() + to.width();
        double bend = sameLane ? 60 : Math.max(40, Math.abs(x2 - x1) / 2);
        double c1 = rightward || sameLane ? x1 + bend : x1 - bend;
        double c2 = rightward ? x2 - bend : x2 + bend;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                + "stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" marker-end=\"url(#arrow)\">"
                + "<title>%s.%s -&gt; %s.%s (foreign key at cutover)</title></path>%n", x1, y1, c1, y1, c2, y2, x2, y2,
                xml(from.box().table()), xml(column), xml(to.box().table()), xml(targetColumn)));
    }

    private static void legend(StringBuilder svg, double y) {
        List<String> items = new ArrayList<>();
        double x = MARGIN;
        for (TableKind kind : List.of(TableKind.ROOT, TableKind.CHILD, TableKind.LINK, TableKind.ONE_TO_ONE)) {
            String label = switch (kind) {
                case ROOT -> "collection";
                case CHILD -> "child table (array)";
                case LINK -> "link table (array of references)";
                case ONE_TO_ONE -> "1:1 table";
            };
            items.add(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x, y - 10, COLORS.get(kind), x + 16, y, label));
            x += 16 + label.length() * CHAR + 18;
        }
        items.add(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f\" stroke=\"#c0392b\" stroke-width=\"1.5\" "
                + "stroke-dasharray=\"6 4\" marker-end=\"url(#arrow)\"/><text x=\"%.1f\" y=\"%.1f\">reference "
                + "(foreign key created at cutover)</text>", x, y - 4, x + 36, y - 4, x + 42, y));
        svg.append(String.join("\n", items)).append('\n');
    }

    private static String xml(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        out.append('\uFFFD'); // not allowed in XML 1.0
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }
}
