package io.mongo2pg.mapping.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Reads scalar settings out of the YAML tree, recording each problem against its YAML path with the fix. */
final class YamlReader {
    private final List<String> problems;

    YamlReader(List<String> problems) {
        this.problems = problems;
    }

    String name(JsonNode node, String key, String path, String fallback) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(prefix(path) + key + ": expected a non-empty name, found '" + value + "'");
            return fallback;
        }
        return value.asText();
    }

    String string(JsonNode node, String key, String path, String fallback) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problems.add(prefix(path) + key + ": expected a string, found '" + value + "'");
            return fallback;
        }
        return value.asText();
    }

    boolean bool(JsonNode node, String key, String path) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(prefix(path) + key + ": expected true or false, found '" + value.asText() + "'");
            return false;
        }
        return value.asBoolean();
    }

    <T> T option(JsonNode node, String key, String path, Function<String, Optional<T>> parse, List<String> allowed,
                 T fallback) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        return parse.apply(value.asText()).orElseGet(() -> {
            problems.add(prefix(path) + key + ": unknown value '" + value.asText() + "'; use one of: "
                    + String.join(", ", allowed));
            return fallback;
        });
    }

    List<String> stringList(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(path + ": expected a list of field paths, e.g. '[password, plot_embedding]', found '" + node + "'");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(path + "." + i + ": expected a field path, found '" + item + "'");
            } else {
                values.add(item.asText());
            }
        }
        return values;
    }

    void checkKeys(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            if (!node.isMissingNode() && !node.isNull()) {
                problems.add(path + ": expected a mapping of " + new TreeSet<>(allowed) + ", found '" + node + "'");
            }
            return;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(prefix(path) + key + ": unknown key; allowed here: " + new TreeSet<>(allowed));
            }
        });
    }

    static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
