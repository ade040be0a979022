package io.mongo2pg.cli.run.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping node of the config file, read with problems collected against YAML paths instead of thrown, so that
 * one run reports everything that is wrong.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final EnvResolver env;
    private final List<String> problems;

    ConfigNode(JsonNode node, String path, EnvResolver env, List<String> problems) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.env = env;
        this.problems = problems;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            problems.add(where(null) + ": must be a mapping of keys to values, found '" + node.asText() + "'");
        }
    }

    boolean present() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    ConfigNode section(String key) {
        return new ConfigNode(node.get(key), where(key), env, problems);
    }

    /** A scalar with {@code ${ENV}} references resolved, or {@code fallback} when absent. */
    String text(String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            problems.add(where(key) + ": must be a single value, not a list or mapping");
            return fallback;
        }
        return env.resolve(value.asText(), where(key), problems).trim();
    }

    /** A scalar that must be there; {@code hint} says what to write. */
    String required(String key, String hint) {
        String value = text(key, null);
        if (value == null || value.isEmpty()) {
            problems.add(where(key) + ": missing; " + hint);
            return null;
        }
        return value;
    }

    int integer(String key, int fallback, int min, int max) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where(key) + ": invalid value '" + value + "'; use a whole number from " + min + " to " + max);
        return fallback;
    }

    /** A mapping of setting names to scalar values, e.g. Debezium or Kafka client settings. */
    Map<String, String> settings(String key) {
        ConfigNode section = section(key);
        Map<String, String> settings = new LinkedHashMap<>();
        section.node.fieldNames().forEachRemaining(name -> {
            String value = section.text(name, null);
            if (value != null) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    /** Reports every key not in {@code known}, with the known ones as the fix. */
    void allowOnly(Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problems.add(where(name) + ": unknown key; known keys here: " + new TreeSet<>(known));
            }
        });
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    String where(String key) {
        if (key == null) {
            return path.isEmpty() ? "(top level)" : path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(where(key) + ": " + message);
    }
}
