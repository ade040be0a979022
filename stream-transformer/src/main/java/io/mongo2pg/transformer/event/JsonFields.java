package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the fields of a Debezium envelope with errors that name the field ({@code source.ts_ms}), what was
 * expected and what was found.
 */
final class JsonFields {
    private static final int SHOWN_CHARS = 120;

    private JsonFields() {
    }

    static JsonNode requiredObject(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new EnvelopeException(expected(path, field, "an object", node));
        }
        return node;
    }

    static String requiredText(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new EnvelopeException(expected(path, field, "a string", node));
        }
        return node.textValue();
    }

    /** The field's text, or null when it is absent or JSON null. */
    static String optionalText(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new EnvelopeException(expected(path, field, "a string or null", node));
        }
        return node.textValue();
    }

    /** A whole number, also when written as a string of digits (some re-serializers quote int64 values). */
    static long requiredLong(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node != null && node.isTextual() && node.textValue().matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                // out of range: reported below like any other wrong value
            }
        }
        throw new EnvelopeException(expected(path, field, "a whole number", node));
    }

    static int requiredInt(JsonNode parent, String path, String field) {
        long value = requiredLong(parent, path, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new EnvelopeException(expected(path, field, "a 32-bit whole number", parent.get(field)));
        }
        return (int) value;
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static String expected(String path, String field, String what, JsonNode found) {
        return "Field '" + qualified(path, field) + "': expected " + what + ", found " + describe(found);
    }

    static String qualified(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "no such field";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().name().toLowerCase() + " " + abbreviate(node.toString());
    }

    static String abbreviate(String text) {
        return text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS - 3) + "..." : text;
    }
}
