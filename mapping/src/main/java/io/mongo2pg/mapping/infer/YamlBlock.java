package io.mongo2pg.mapping.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A block of YAML being written, with comments: Jackson writes no comments, and the comments are the point of an
 * inferred mapping (they give the figures behind each decision). Values are a scalar, a flow map
 * ({@code {type: integer, column: x}}) or a nested block.
 */
final class YamlBlock {
    /** Plain scalars that YAML reads back as the same string (no booleans, nulls, numbers or indicators). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Pattern RESERVED = Pattern.compile("(?i)true|false|yes|no|on|off|null|y|n");

    private record Entry(List<String> comments, String key, Object value) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> pendingComments = new ArrayList<>();

    /** A comment line written before the next entry (or at the end of the block). */
    YamlBlock comment(String text) {
        text.lines().forEach(pendingComments::add);
        return this;
    }

    YamlBlock put(String key, Object value) {
        entries.add(new Entry(List.copyOf(pendingComments), key, value));
        pendingComments.clear();
        return this;
    }

    static Map<String, Object> flow() {
        return new LinkedHashMap<>();
    }

    boolean isEmpty() {
        return entries.isEmpty() && pendingComments.isEmpty();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        write(out, "");
        return out.toString();
    }

    private void write(StringBuilder out, String indent) {
        for (Entry entry : entries) {
            entry.comments().forEach(c -> out.append(indent).append("# ").append(c).append('\n'));
            out.append(indent).append(scalar(entry.key())).append(':');
            if (entry.value() instanceof YamlBlock block) {
                out.append('\n');
                block.write(out, indent + "  ");
            } else if (entry.value() instanceof Map<?, ?> map) {
                out.append(' ').append(flowMap(map)).append('\n');
            } else {
                out.append(' ').append(scalar(String.valueOf(entry.value()))).append('\n');
            }
        }
        pendingComments.forEach(c -> out.append(indent).append("# ").append(c).append('\n'));
    }

    private static String flowMap(Map<?, ?> map) {
        List<String> parts = new ArrayList<>();
        map.forEach((k, v) -> parts.add(scalar(String.valueOf(k)) + ": "
                + (v instanceof Number ? v.toString() : scalar(String.valueOf(v)))));
        return "{" + String.join(", ", parts) + "}";
    }

    /** A key or value as YAML: plain when that reads back as the same string, double-quoted otherwise. */
    static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !RESERVED.matcher(text).matches()) {
            return text;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validPair(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
