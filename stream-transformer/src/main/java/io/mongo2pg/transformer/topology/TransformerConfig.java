package io.mongo2pg.transformer.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the transformer needs to run, parsed and checked once. Every problem is reported at once, each
 * against its own setting ("Invalid value X for configuration Y: reason").
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param applicationId Kafka Streams' {@code application.id}: the consumer group, and the prefix of its transactional ids
 * @param topicPrefix Debezium's {@code topic.prefix}; change topics are {@code <prefix>.<db>.<collection>}
 * @param database the captured MongoDB database
 * @param deadLetterTopic where undecodable or unmappable events go, {@code <prefix>.deadletters} by default
 * @param replicationFactor of the topics Kafka Streams creates; -1 uses the broker's default, 1 for a single broker
 * @param processingGuarantee {@link ProcessingGuarantee#EXACTLY_ONCE_V2} by default
 * @param commitInterval how often output and offsets are committed; with exactly-once this bounds the latency
 *     a consumer reading committed data sees; {@link #DEFAULT_COMMIT_INTERVAL} by default, also settable as the
 *     override {@code commit.interval.ms} (the CLI's {@code transformer.overrides.commit.interval.ms})
 * @param clientOverrides further Kafka Streams and client settings (security, {@code num.stream.threads},
 *     {@code state.dir}, ...), applied last; the settings above cannot be overridden here, except
 *     {@code commit.interval.ms}, which sets {@code commitInterval}
 * @param captureMode the connector's {@code capture.mode}, {@link CaptureMode#CHANGE_STREAMS_UPDATE_FULL} by default
 * @param rowFormat how RowSets are written, {@link RowFormat#AVRO} by default ({@link RowFormat#JSON} for debugging)
 * @param schemaRegistryUrl with {@link RowFormat#AVRO}: the Apicurio registry's API URL
 *     ({@code http://host:8080/apis/registry/v3}), or null for Avro single-object encoding without a registry
 * @param documentStore whether to keep every document in a changelogged store; null (the default) keeps it only
 *     where it is needed, i.e. when the capture mode delivers deltas ({@link #keepsDocuments()})
 */
public record TransformerConfig(String bootstrapServers, String applicationId, String topicPrefix, String database,
                                String deadLetterTopic, int replicationFactor, ProcessingGuarantee processingGuarantee,
                                Duration commitInterval, Map<String, String> clientOverrides, CaptureMode captureMode,
                                RowFormat rowFormat, String schemaRegistryUrl, Boolean documentStore) {
    public static final int BROKER_DEFAULT_REPLICATION = -1;
    /**
     * One transaction per second under exactly-once. Each commit flushes the producer and makes two round trips
     * to the transaction coordinator, and the broker writes a commit marker per partition; at Kafka Streams' own
     * exactly-once default of 100 ms that took 10-15% of the stream thread and cut batches short. The cost: committed
     * RowSets become visible (to the read_committed sink) up to a second later.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(1000);
    /** The internal producer's {@code batch.size} unless overridden ({@code producer.batch.size}). */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;
    /** How soon a change topic Debezium creates after start-up is picked up. */
    static final Duration TOPIC_DISCOVERY_INTERVAL = Duration.ofSeconds(10);
    private static final Set<String> DEDICATED_SETTINGS = Set.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
            StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.REPLICATION_FACTOR_CONFIG);

    public TransformerConfig {
        List<String> problems = new ArrayList<>();
        boolean commitOverridden = clientOverrides != null
                && clientOverrides.containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (commitOverridden) {
            Map<String, String> rest = new HashMap<>(clientOverrides);
            commitInterval = commitIntervalOf(problems, rest.remove(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
            clientOverrides = rest;
        }
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
        requireText(problems, "bootstrap.servers", bootstrapServers);
        requireTopicChars(problems, "application.id", applicationId);
        requireTopicChars(problems, "topic.prefix", topicPrefix);
        requireText(problems, "database", database);
        requireTopicChars(problems, "dead.letter.topic", deadLetterTopic);
        if (replicationFactor != BROKER_DEFAULT_REPLICATION && replicationFactor < 1) {
            problems.add(invalid(replicationFactor, "replication.factor", "use -1 (the broker's default) or 1 or more"));
        }
        if (processingGuarantee == null) {
            problems.add(invalid(null, "processing.guarantee", "use one of " + ProcessingGuarantee.allowedValues()));
        }
        if (commitInterval == null ? !commitOverridden : commitInterval.isNegative() || commitInterval.isZero()) {
            problems.add(invalid(commitInterval, "commit.interval", "must be positive, e.g. 1000 ms (the default)"));
        }
        if (captureMode == null) {
            problems.add(invalid(null, "capture.mode", "use one of " + CaptureMode.allowedValues()));
        }
        if (rowFormat == null) {
            problems.add(invalid(null, "row.format", "use one of " + RowFormat.allowedValues()));
        }
        if (schemaRegistryUrl != null && !schemaRegistryUrl.matches("https?://\\S+")) {
            problems.add(invalid(schemaRegistryUrl, "schema.registry.url",
                    "use the registry's http(s) API URL, e.g. http://localhost:8080/apis/registry/v3"));
        }
        if (schemaRegistryUrl != null && rowFormat != RowFormat.AVRO) {
            problems.add(invalid(schemaRegistryUrl, "schema.registry.url", "only used with row.format=avro; "
                    + "set row.format=avro or remove the registry URL"));
        }
        Map<String, String> overrides = clientOverrides;
        overrides.keySet().stream().filter(DEDICATED_SETTINGS::contains).sorted().forEach(key -> problems.add(
                invalid(overrides.get(key), key, "set it through the transformer's own option, not as an override")));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid transformer configuration:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * A configuration with the defaults: dead letters in {@code <prefix>.deadletters}, exactly-once, 1 s commits,
     * Avro RowSets in single-object encoding (no registry).
     */
    public static TransformerConfig of(String bootstrapServers, String applicationId, String topicPrefix, String database) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database,
                topicPrefix == null ? null : TopicNames.deadLetterTopic(topicPrefix), BROKER_DEFAULT_REPLICATION,
                ProcessingGuarantee.EXACTLY_ONCE_V2, DEFAULT_COMMIT_INTERVAL, Map.of(),
                CaptureMode.CHANGE_STREAMS_UPDATE_FULL, RowFormat.AVRO, null, null);
    }

    public TransformerConfig withDeadLetterTopic(String topic) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, topic, replicationFactor,
                processingGuarantee, commitInterval, clientOverrides, captureMode, rowFormat, schemaRegistryUrl, documentStore);
    }

    public TransformerConfig withReplicationFactor(int factor) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic, factor,
                processingGuarantee, commitInterval, clientOverrides, captureMode, rowFormat, schemaRegistryUrl, documentStore);
    }

    public TransformerConfig withProcessingGuarantee(ProcessingGuarantee guarantee) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, guarantee, commitInterval, clientOverrides, captureMode, rowFormat, schemaRegistryUrl, documentStore);
    }

    public TransformerConfig withCommitInterval(Duration interval) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, processingGuarantee, interval, clientOverrides, captureMode, rowFormat, schemaRegistryUrl, documentStore);
    }

    public TransformerConfig withClientOverrides(Map<String, String> overrides) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, processingGuarantee, commitInterval, overrides, captureMode, rowFormat, schemaRegistryUrl, documentStore);
    }

    public TransformerConfig withCaptureMode(CaptureMode mode) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, processingGuarantee, commitInterval, clientOverrides, mode, rowFormat,
                schemaRegistryUrl, documentStore);
    }

    /** The RowSet format, and the registry for Avro (null: single-object encoding, no registry). */
    public TransformerConfig withRowFormat(RowFormat format, String registryUrl) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, processingGuarantee, commitInterval, clientOverrides, captureMode, format,
                registryUrl, documentStore);
    }

    /**
     * Keep (true) or do not keep (false) every document in the store whatever the capture mode; with full
     * documents the store only lets an update whose document was deleted since still emit its intermediate state,
     * and keeping it ready makes a later switch to {@code change_streams} seamless, at the cost of a changelog
     * record per event.
     */
    public TransformerConfig withDocumentStore(boolean keep) {
        return new TransformerConfig(bootstrapServers, applicationId, topicPrefix, database, deadLetterTopic,
                replicationFactor, processingGuarantee, commitInterval, clientOverrides, captureMode, rowFormat,
                schemaRegistryUrl, keep);
    }

    /** Whether the transformer keeps the documents: as configured, else when updates carry only deltas. */
    public boolean keepsDocuments() {
        return documentStore != null ? documentStore : captureMode != null && !captureMode.fullDocuments();
    }

    /** The topic Debezium writes {@code collection}'s change events to. */
    public String changeTopic(String collection) {
        return TopicNames.changeTopic(topicPrefix, database, collection);
    }

    /** The topic the transformer writes {@code collection}'s RowSets to. */
    public String rowsTopic(String collection) {
        return TopicNames.rowsTopic(topicPrefix, collection);
    }

    /** The Kafka Streams settings for this configuration (a new, mutable copy on every call). */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee.streamsValue());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        // A RowSet is two to three times the size of its change event; the producer's default 16 KB batches made the
        // transformer send a produce request per few dozen RowSets, and that request work (client and broker)
        // cost it a third of its throughput in the transformer benchmark (docs/transformer.md). Overridable.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(PRODUCER_BATCH_BYTES));
        // Sources subscribe by (exact) pattern so a collection whose topic does not exist yet is no error; a short
        // metadata age lets the transformer see the topic soon after Debezium creates it.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                Long.toString(TOPIC_DISCOVERY_INTERVAL.toMillis()));
        props.putAll(clientOverrides);
        return props;
    }

    /** The commit interval an override {@code commit.interval.ms} gives, or null (a problem) when it is no number. */
    private static Duration commitIntervalOf(List<String> problems, String millis) {
        try {
            return Duration.ofMillis(Long.parseLong(millis == null ? "" : millis.strip()));
        } catch (NumberFormatException e) {
            problems.add(invalid(millis, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "use a positive number of "
                    + "milliseconds, e.g. " + DEFAULT_COMMIT_INTERVAL.toMillis() + " (the default; less gives "
                    + "fresher rows for more transactions)"));
            return null;
        }
    }

    private static void requireText(List<String> problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(invalid(value, key, "must not be empty"));
        }
    }

    private static void requireTopicChars(List<String> problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(invalid(value, key, "must not be empty"));
        } else if (!TopicNames.isLegal(value)) {
            problems.add(invalid(value, key, "use only letters, digits, '.', '_' and '-' (at most 249 characters)"));
        }
    }

    private static String invalid(Object value, String key, String reason) {
        return "Invalid value " + value + " for configuration " + key + ": " + reason;
    }
}
