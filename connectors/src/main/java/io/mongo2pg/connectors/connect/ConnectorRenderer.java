package io.mongo2pg.connectors.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.mongo2pg.connectors.capture.CaptureEngineSpec;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link MongoCaptureConfig} as Kafka Connect connectors: the same Debezium settings the embedded engine
 * runs with (one connector per collection with {@code capture.scope=collection}, else one), minus what only the
 * embedded engine needs (its file offset store), plus {@code tasks.max=1} (the MongoDB connector runs one task).
 *
 * <p>The connectors keep the JSON converters without schemas on the connector itself, so they write what the
 * transformer reads whatever the Connect worker's default converters are.
 */
public final class ConnectorRenderer {

    /** Settings of the embedded engine only; a Connect worker keeps offsets in its own topic. */
    static final Set<String> ENGINE_ONLY = Set.of("offset.storage", "offset.storage.file.filename",
            "offset.flush.interval.ms");
    static final Map<String, String> TOPIC_CREATION_DEFAULTS = Map.of(
            "topic.creation.default.partitions", "-1",
            "topic.creation.default.replication.factor", "-1",
            "topic.creation.default.cleanup.policy", "compact");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private ConnectorRenderer() {
    }

    /** One connector per engine of {@code capture}, named like the engine. */
    public static List<ConnectorDefinition> render(MongoCaptureConfig capture) {
        return capture.engineSpecs().stream().map(ConnectorRenderer::connector).toList();
    }

    private static ConnectorDefinition connector(CaptureEngineSpec spec) {
        Map<String, String> config = new LinkedHashMap<>();
        spec.properties().forEach((key, value) -> {
            if (!ENGINE_ONLY.contains(key)) {
                config.put(key, value);
            }
        });
        config.put("tasks.max", "1");
        // Connect creates the change topics itself (topic.creation.enable is on by default in workers): compacted by
        // _id like the single-process runtime's, with the broker's default partitions and replication unless the
        // user's Debezium settings say otherwise.
        TOPIC_CREATION_DEFAULTS.forEach(config::putIfAbsent);
        return new ConnectorDefinition(spec.engineName(), config);
    }

    /** Kafka Connect's {@code {"name": ..., "config": {...}}}, as {@code POST /connectors} takes it. */
    public static String connectJson(ConnectorDefinition connector) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", connector.name());
        ObjectNode config = root.putObject("config");
        connector.config().forEach(config::put);
        return write(JSON, root);
    }

    /**
     * A Strimzi {@code KafkaConnector} resource for the Connect cluster {@code connectCluster}. Kubernetes names allow
     * only lower-case letters, digits, '-' and '.', so the resource (and hence the connector) is named
     * {@link #kubernetesName(String)} of the connector's name.
     *
     * @param apiVersion e.g. {@code kafka.strimzi.io/v1} (Strimzi 0.49+, the only one from Strimzi 1.0) or
     *     {@code kafka.strimzi.io/v1beta2} (older operators)
     */
    public static String strimziYaml(ConnectorDefinition connector, String connectCluster, String apiVersion) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", apiVersion);
        root.put("kind", "KafkaConnector");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", kubernetesName(connector.name()));
        metadata.putObject("labels").put("strimzi.io/cluster", connectCluster);
        ObjectNode spec = root.putObject("spec");
        spec.put("class", connector.connectorClass());
        spec.put("tasksMax", Integer.parseInt(connector.config().getOrDefault("tasks.max", "1")));
        ObjectNode config = spec.putObject("config");
        // Strimzi sets name, connector.class and tasks.max from the resource itself and rejects them in config.
        connector.config().forEach((key, value) -> {
            if (!Set.of("name", ConnectorDefinition.CONNECTOR_CLASS, "tasks.max").contains(key)) {
                config.put(key, value);
            }
        });
        return write(YAML, root);
    }

    /** A DNS-1123 subdomain name: lower case, '_' and other characters replaced by '-'. */
    public static String kubernetesName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return lower.replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    }

    private static String write(ObjectMapper mapper, ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreachable: a tree of strings always serializes", e);
        }
    }
}
