package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.schema.TableKind;

/**
 * The ER diagram as Mermaid {@code erDiagram} source. Mermaid names allow only letters, digits, '_' and '-', so other
 * characters become '_' (the SVG and the DDL keep the real names).
 */
public final class MermaidErWriter {
    private MermaidErWriter() {
    }

    public static String write(ErDiagram diagram) {
        StringBuilder out = new StringBuilder("erDiagram\n");
        for (ErDiagram.Lane lane : diagram.lanes()) {
            for (ErDiagram.Box box : lane.boxes()) {
                out.append("    ").append(entity(box.table())).append(" {\n");
                for (ErDiagram.Field field : box.fields()) {
                    out.append("        ").append(name(field.type().replace("[]", "_array"))).append(' ')
                            .append(name(field.name()));
                    String keys = field.keys();
                    if (!keys.isEmpty()) {
                        out.append(' ').append(keys.replace(",", ", "));
                    }
                    out.append('\n');
                }
                out.append("    }\n");
            }
        }
        for (ErDiagram.Edge edge : diagram.parentEdges()) {
            String cardinality = edge.kind() == TableKind.ONE_TO_ONE ? " ||--o| " : " ||--o{ ";
            out.append("    ").append(entity(edge.target())).append(cardinality).append(entity(edge.table()))
                    .append(" : \"").append(label(edge.kind())).append("\"\n");
        }
        for (ErDiagram.Edge edge : diagram.references()) {
            out.append("    ").append(entity(edge.table())).append(" }o--o| ").append(entity(edge.target())).append(" : \"")
                    .append(label(edge.column() + " -> " + edge.targetColumn())).append(" (cutover)\"\n");
        }
        return out.toString();
    }

    private static String label(TableKind kind) {
        return switch (kind) {
            case CHILD -> "elements";
            case LINK -> "links";
            case ONE_TO_ONE -> "1:1";
            case ROOT -> "";
        };
    }

    private static String label(String text) {
        return text.replace("\"", "'");
    }

    /** An attribute or type name Mermaid reads: letters, digits, '_' and '-', not starting with a digit. */
    static String name(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) && cleaned.charAt(0) != '_' ? "x" + cleaned
                : cleaned;
    }

    /** An entity name: as {@link #name}, and starting with a letter. */
    static String entity(String name) {
        String cleaned = name(name);
        return Character.isLetter(cleaned.charAt(0)) ? cleaned : "t" + cleaned;
    }
}
