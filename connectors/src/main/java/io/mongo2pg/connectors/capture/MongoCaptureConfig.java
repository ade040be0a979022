package io.mongo2pg.connectors.capture;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the embedded Debezium MongoDB connector captures and where it keeps its offsets, parsed once and validated
 * completely (every problem is reported, each against its own setting).
 *
 * <p>{@link #engineSpecs()} renders the Debezium configuration: Debezium's defaults for everything not listed here,
 * made explicit where mongo2pg relies on them ({@code capture.mode=change_streams_update_full}: updates carry the
 * full document; {@code snapshot.mode=initial}; {@code tombstones.on.delete=true}: the change topics are compacted by
 * {@code _id}; JSON converters without schemas: the transformer reads plain JSON envelopes).
 *
 * <p>With {@code capture.scope=collection} a change stream watches exactly one collection, so the configuration
 * yields one engine per collection, each with its own name, {@code capture.target} and offsets file. Any other scope
 * yields a single engine for all collections.
 *
 * @param connectionString the MongoDB connection string (masked in {@link #toString()})
 * @param topicPrefix Debezium's {@code topic.prefix}: change topics are {@code <prefix>.<db>.<collection>}
 * @param database the captured database
 * @param collections the captured collections of that database, at least one
 * @param offsetsDirectory where the engines' offset files live; keep it to resume after a restart
 * @param overrides extra Debezium/engine settings for every engine; they win over the rendered defaults
 * @param collectionOverrides extra settings for one collection's engine (only with {@code capture.scope=collection});
 *     they win over {@code overrides}
 */
public record MongoCaptureConfig(
        String connectionString,
        String topicPrefix,
        String database,
        List<String> collections,
        Path offsetsDirectory,
        Map<String, String> overrides,
        Map<String, Map<String, String>> collectionOverrides) {

    public static final String CONNECTOR_CLASS = "io.debezium.connector.mongodb.MongoDbConnector";
    public static final String CAPTURE_SCOPE = "capture.scope";
    public static final String CAPTURE_TARGET = "capture.target";
    public static final String FILTERS_MATCH_MODE = "filters.match.mode";
    public static final String CUSTOM_METRIC_TAGS = "custom.metric.tags";
    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    static final String FILE_OFFSET_STORE = "org.apache.kafka.connect.storage.FileOffsetBackingStore";

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)([^:/@]+):([^@/]*)@");
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|-]");

    public MongoCaptureConfig {
        collections = collections == null ? null : List.copyOf(collections);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        collectionOverrides = collectionOverrides == null ? Map.of() : collectionOverrides.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        List<String> problems = MongoCaptureConfigValidator.problems(connectionString, topicPrefix, database,
                collections, offsetsDirectory, overrides, collectionOverrides);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid MongoDB capture configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** A configuration with Debezium's defaults and no overrides. */
    public static MongoCaptureConfig of(String connectionString, String topicPrefix, String database,
                                        List<String> collections, Path offsetsDirectory) {
        return new MongoCaptureConfig(connectionString, topicPrefix, database, collections, offsetsDirectory,
                Map.of(), Map.of());
    }

    /** A copy with these settings added to {@link #overrides()} (later values win). */
    public MongoCaptureConfig withOverrides(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(more);
        return new MongoCaptureConfig(connectionString, topicPrefix, database, collections, offsetsDirectory,
                merged, collectionOverrides);
    }

    /**
     * A copy with per-collection settings, computed now for every collection by {@code overridesOf(database,
     * collection)} (e.g. a test source's adaptations, which name the collection).
     */
    public MongoCaptureConfig withCollectionOverrides(BiFunction<String, String, Map<String, String>> overridesOf) {
        Map<String, Map<String, String>> perCollection = new LinkedHashMap<>();
        collections.forEach(c -> perCollection.put(c, overridesOf.apply(database, c)));
        return new MongoCaptureConfig(connectionString, topicPrefix, database, collections, offsetsDirectory,
                overrides, perCollection);
    }

    /** The scope every engine uses; validation guarantees all collections agree. */
    public CaptureScope captureScope() {
        return scopeOf(effectiveOverrides(collections.get(0)));
    }

    /** One engine spec per capture target: one per collection for {@code capture.scope=collection}, else one. */
    public List<CaptureEngineSpec> engineSpecs() {
        if (captureScope() == CaptureScope.COLLECTION) {
            return collections.stream()
                    .map(c -> spec(topicPrefix + "." + database + "." + c, database + "." + c, List.of(c),
                            withTarget(effectiveOverrides(c), database + "." + c)))
                    .toList();
        }
        return List.of(spec(topicPrefix, database, collections, overrides));
    }

    private CaptureEngineSpec spec(String engineName, String target, List<String> captured, Map<String, String> extra) {
        Path offsetsFile = offsetsDirectory.resolve(fileName(engineName) + ".offsets");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", engineName);
        props.put("connector.class", CONNECTOR_CLASS);
        props.put("offset.storage", FILE_OFFSET_STORE);
        props.put("offset.storage.file.filename", offsetsFile.toString());
        props.put("mongodb.connection.string", connectionString);
        props.put("topic.prefix", topicPrefix);
        props.put("snapshot.mode", "initial");
        props.put("capture.mode", "change_streams_update_full");
        props.put("tombstones.on.delete", "true");
        props.put("key.converter", JSON_CONVERTER);
        props.put("key.converter.schemas.enable", "false");
        props.put("value.converter", JSON_CONVERTER);
        props.put("value.converter.schemas.enable", "false");
        props.putAll(extra);
        props.put(CUSTOM_METRIC_TAGS, metricTags(props.get(CUSTOM_METRIC_TAGS), engineName));
        boolean literal = "literal".equalsIgnoreCase(props.get(FILTERS_MATCH_MODE));
        props.put("collection.include.list", includeList(captured, literal));
        return new CaptureEngineSpec(engineName, target, offsetsFile, props);
    }

    /**
     * Debezium's {@code collection.include.list}: a list of regular expressions by default, of literal names with
     * {@code filters.match.mode=literal}. Names are escaped in regex mode so that {@code shop.orders} does not also
     * match {@code shop_orders}.
     */
    private String includeList(List<String> captured, boolean literal) {
        return captured.stream()
                .map(c -> literal ? database + "." + c : regexLiteral(database) + "\\." + regexLiteral(c))
                .collect(Collectors.joining(","));
    }

    /**
     * Debezium names its JMX metrics after {@code topic.prefix} and the task id, identical for every engine of one
     * configuration; the second engine's snapshot would then wait a minute for the first one's MBean to go away.
     * An {@code engine} tag keeps the names apart.
     */
    private static String metricTags(String userTags, String engineName) {
        String engineTag = "engine=" + fileName(engineName);
        return userTags == null || userTags.isBlank() ? engineTag : userTags + "," + engineTag;
    }

    private Map<String, String> effectiveOverrides(String collection) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(collectionOverrides.getOrDefault(collection, Map.of()));
        return merged;
    }

    private static Map<String, String> withTarget(Map<String, String> settings, String target) {
        Map<String, String> result = new LinkedHashMap<>(settings);
        result.put(CAPTURE_TARGET, target);
        return result;
    }

    static CaptureScope scopeOf(Map<String, String> settings) {
        String scope = settings.get(CAPTURE_SCOPE);
        return scope == null ? CaptureScope.DEPLOYMENT : CaptureScope.parse(scope);
    }

    private static String regexLiteral(String name) {
        return REGEX_SPECIAL.matcher(name).replaceAll("\\\\$0");
    }

    private static String fileName(String engineName) {
        return engineName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Masks the password of the connection string: records print all their components. */
    @Override
    public String toString() {
        String masked = connectionString == null ? null : USER_INFO.matcher(connectionString).replaceFirst("$1:****@");
        return "MongoCaptureConfig[connectionString=" + masked + ", topicPrefix=" + topicPrefix + ", database="
                + database + ", collections=" + collections + ", offsetsDirectory=" + offsetsDirectory
                + ", overrides=" + overrides.keySet() + ", collectionOverrides=" + collectionOverrides.keySet() + "]";
    }
}
