package io.mongo2pg.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites JSON with object keys in the order PostgreSQL's jsonb stores them (shorter keys first, then by
 * bytes), which is how canonical Extended JSON comes back out of a jsonb column.
 */
final class JsonbOrder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonbOrder() {
    }

    static String reorder(String json) {
        try {
            return JSON.writeValueAsString(reorder(JSON.readTree(json)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode reorder(JsonNode node) {
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(e -> array.add(reorder(e)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        fields.sort(Comparator.comparingInt((Map.Entry<String, JsonNode> e) -> bytes(e.getKey()).length)
                .thenComparing(e -> e.getKey(), (a, b) -> java.util.Arrays.compareUnsigned(bytes(a), bytes(b))));
        ObjectNode sorted = JSON.createObjectNode();
        fields.forEach(e -> sorted.set(e.getKey(), reorder(e.getValue())));
        return sorted;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
