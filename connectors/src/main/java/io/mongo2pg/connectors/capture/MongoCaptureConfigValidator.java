package io.mongo2pg.connectors.capture;

import static io.mongo2pg.connectors.capture.MongoCaptureConfig.CAPTURE_SCOPE;
import static io.mongo2pg.connectors.capture.MongoCaptureConfig.CAPTURE_TARGET;
import static io.mongo2pg.connectors.capture.MongoCaptureConfig.scopeOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link MongoCaptureConfig} completely before anything starts, collecting every problem in Kafka's frame
 * "Invalid value X for configuration Y: reason" so that one run shows all of them.
 */
final class MongoCaptureConfigValidator {

    /** Settings derived from the record's components; an override of one of them would silently contradict it. */
    private static final Map<String, String> RESERVED = Map.ofEntries(
            Map.entry("name", "topicPrefix, database and collections"),
            Map.entry("connector.class", "mongo2pg (only the MongoDB connector is supported)"),
            Map.entry("offset.storage", "offsetsDirectory"),
            Map.entry("offset.storage.file.filename", "offsetsDirectory"),
            Map.entry("mongodb.connection.string", "connectionString"),
            Map.entry("topic.prefix", "topicPrefix"),
            Map.entry("collection.include.list", "database and collections"),
            Map.entry("key.converter", "mongo2pg (the publisher writes JSON strings)"),
            Map.entry("value.converter", "mongo2pg (the publisher writes JSON strings)"));
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*");

    private MongoCaptureConfigValidator() {
    }

    /** All problems of these components; empty when the configuration is usable. */
    static List<String> problems(String connectionString, String topicPrefix, String database, List<String> collections,
                                 Path offsetsDirectory, Map<String, String> overrides,
                                 Map<String, Map<String, String>> collectionOverrides) {
        List<String> problems = new ArrayList<>();
        validateNames(connectionString, topicPrefix, database, collections, offsetsDirectory, problems);
        validateOverrides(overrides, collectionOverrides, collections, problems);
        if (problems.isEmpty()) {
            validateScope(database, collections, overrides, collectionOverrides, problems);
        }
        return problems;
    }

    private static void validateNames(String connectionString, String topicPrefix, String database,
                                      List<String> collections, Path offsetsDirectory, List<String> problems) {
        if (connectionString == null || !(connectionString.startsWith("mongodb://")
                || connectionString.startsWith("mongodb+srv://"))) {
            problems.add("Invalid value for configuration mongodb.connection.string: must start with mongodb:// or "
                    + "mongodb+srv://");
        }
        if (topicPrefix == null || !TOPIC_PREFIX.matcher(topicPrefix).matches()) {
            problems.add("Invalid value " + topicPrefix + " for configuration topic.prefix: use letters, digits, '_', "
                    + "'-' and non-consecutive '.'; it starts every change topic name");
        }
        if (database == null || database.isBlank() || database.contains(".") || database.contains(",")) {
            problems.add("Invalid value " + database + " for configuration database: must be a non-blank MongoDB "
                    + "database name without '.' or ','");
        }
        validateCollections(collections, problems);
        if (offsetsDirectory == null) {
            problems.add("Missing value for configuration offsetsDirectory: the engines store their offsets there "
                    + "to resume after a restart");
        }
    }

    private static void validateCollections(List<String> collections, List<String> problems) {
        if (collections == null || collections.isEmpty()) {
            problems.add("Missing value for configuration collections: name at least one collection to capture");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String collection : collections) {
            if (collection == null || collection.isBlank() || collection.contains(",")) {
                problems.add("Invalid value " + collection + " for configuration collections: must be a non-blank "
                        + "collection name without ',' (Debezium's include lists are comma-separated)");
            } else if (!seen.add(collection)) {
                problems.add("Invalid value " + collection + " for configuration collections: listed twice");
            }
        }
    }

    private static void validateOverrides(Map<String, String> overrides, Map<String, Map<String, String>> perCollection,
                                          List<String> collections, List<String> problems) {
        checkReserved(overrides, "overrides", problems);
        perCollection.forEach((collection, settings) -> {
            checkReserved(settings, "collectionOverrides[" + collection + "]", problems);
            if (collections != null && !collections.contains(collection)) {
                problems.add("Invalid value " + collection + " for configuration collectionOverrides: not one of the "
                        + "captured collections " + collections);
            }
        });
    }

    private static void checkReserved(Map<String, String> settings, String where, List<String> problems) {
        settings.keySet().stream().filter(RESERVED::containsKey).sorted().forEach(key ->
                problems.add("Invalid value " + settings.get(key) + " for configuration " + key + " in " + where
                        + ": it is derived from " + RESERVED.get(key) + "; set that instead"));
    }

    private static void validateScope(String database, List<String> collections, Map<String, String> overrides,
                                      Map<String, Map<String, String>> perCollection, List<String> problems) {
        Set<CaptureScope> scopes = new HashSet<>();
        for (String collection : collections) {
            Map<String, String> merged = new LinkedHashMap<>(overrides);
            merged.putAll(perCollection.getOrDefault(collection, Map.of()));
            try {
                scopes.add(scopeOf(merged));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return;
            }
            String target = merged.get(CAPTURE_TARGET);
            String expected = database + "." + collection;
            if (scopeOf(merged) == CaptureScope.COLLECTION && target != null && !target.equals(expected)) {
                problems.add("Invalid value " + target + " for configuration " + CAPTURE_TARGET + " of collection "
                        + collection + ": with " + CAPTURE_SCOPE + "=collection it must be " + expected
                        + " (or left out: mongo2pg sets it per collection)");
            }
        }
        if (scopes.size() > 1) {
            problems.add("Invalid value for configuration " + CAPTURE_SCOPE + ": the collections disagree " + scopes
                    + "; use one scope for all of them");
        } else if (!scopes.contains(CaptureScope.COLLECTION) && !perCollection.isEmpty()) {
            problems.add("Invalid value for configuration collectionOverrides: per-collection settings need "
                    + CAPTURE_SCOPE + "=collection (one engine per collection); put them in overrides instead");
        }
    }
}
