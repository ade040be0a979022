package io.mongo2pg.sink.config;

import io.mongo2pg.mapping.model.Mapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the sink needs, parsed and validated once at start-up. Core code never reads a property map.
 *
 * @param topicCollections the RowSet topics to consume ({@code <prefix>.rows.<collection>}) and the collection
 *     each one carries, in mapping order
 * @param jdbcPassword never printed: {@link #toString()} masks it (and any password in the URL)
 * @param kafkaOverrides extra consumer settings (security, SASL, ...) given as {@code kafka.<setting>}; the
 *     settings the sink relies on for correctness cannot be overridden
 * @param maxBatchSize the most records applied in one PostgreSQL transaction (also the consumer's max.poll.records)
 * @param apply how batches are formed and applied: linger, parallelism, pool, backfill
 * @param schemaRegistryUrl the schema registry's API URL, needed to read RowSets the transformer writes as Avro in
 *     Confluent wire format ({@code row.format=avro} with a registry); null without one. RowSets in Avro
 *     single-object encoding and in Extended JSON are read either way.
 */
public record SinkConfig(String bootstrapServers, String groupId, Map<String, String> topicCollections,
                         String jdbcUrl, String jdbcUser, String jdbcPassword, String schema, int maxBatchSize,
                         Duration pollTimeout, RetrySettings retry, Duration closeTimeout,
                         Map<String, String> kafkaOverrides, ApplySettings apply, String schemaRegistryUrl) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String GROUP_ID = "group.id";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String JDBC_URL = "jdbc.url";
    public static final String JDBC_USER = "jdbc.user";
    public static final String JDBC_PASSWORD = "jdbc.password";
    public static final String SCHEMA = "schema";
    public static final String MAX_BATCH_SIZE = "max.batch.size";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
    public static final String RETRY_INITIAL_BACKOFF_MS = "retry.initial.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "retry.max.backoff.ms";
    public static final String CLOSE_TIMEOUT_MS = "close.timeout.ms";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String PARALLELISM = "parallelism";
    public static final String POOL_MAX_SIZE = "pool.max.size";
    public static final String BACKFILL = "backfill";
    public static final String BACKFILL_IDLE_MS = "backfill.idle.ms";
    /** The same key as the transformer's: one value serves both. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Prefix of pass-through Kafka consumer settings, e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final String DEFAULT_GROUP_ID = "mongo2pg-sink";
    public static final String DEFAULT_SCHEMA = "public";
    /** The sink's own tables live here; the target schema must be another one. */
    public static final String CONTROL_SCHEMA = "mongo2pg";
    public static final int DEFAULT_MAX_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Consumer settings the sink's exactly-once design depends on; {@code kafka.*} may not change them. */
    public static final Set<String> RESERVED_KAFKA_SETTINGS = Set.of("bootstrap.servers", "group.id",
            "enable.auto.commit", "isolation.level", "key.deserializer", "value.deserializer", "max.poll.records");

    private static final Set<String> KNOWN_KEYS = Set.of(BOOTSTRAP_SERVERS, GROUP_ID, TOPIC_PREFIX, JDBC_URL, JDBC_USER,
            JDBC_PASSWORD, SCHEMA, MAX_BATCH_SIZE, POLL_TIMEOUT_MS, RETRY_MAX_ATTEMPTS, RETRY_INITIAL_BACKOFF_MS,
            RETRY_MAX_BACKOFF_MS, CLOSE_TIMEOUT_MS, BATCH_LINGER_MS, PARALLELISM, POOL_MAX_SIZE, BACKFILL, BACKFILL_IDLE_MS,
            SCHEMA_REGISTRY_URL);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|jaas|credential|token).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final String MASK = "****";

    /**
     * How transient PostgreSQL errors are retried: exponential backoff from {@code initialBackoff}, doubling up to
     * {@code maxBackoff}, at most {@code maxAttempts} attempts in all.
     */
    public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static final RetrySettings DEFAULT = new RetrySettings(10, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /** Whether the sink loads empty tables by plain COPY first ({@code backfill}). */
    public enum BackfillMode {
        /** Collections whose tables are all empty at start load by plain COPY until caught up. */
        AUTO,
        /** Always the upsert path. */
        OFF;

        public static BackfillMode parse(String value) {
            for (BackfillMode mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("use one of: auto, off");
        }
    }

    /**
     * How batches are formed and applied.
     *
     * @param linger how long to keep polling for more records once some arrived, to fill a batch of
     *     {@code max.batch.size}; zero applies whatever one poll returns
     * @param parallelism consumer loops (threads), each applying its own partitions' batches in its own transactions
     * @param poolMaxSize connections in the pool: one per loop and one for reading offsets on rebalance
     * @param backfill whether empty tables load by plain COPY first
     * @param backfillIdle how long the sink must see no records before it ends the backfill (builds keys and indexes)
     */
    public record ApplySettings(Duration linger, int parallelism, int poolMaxSize, BackfillMode backfill,
                                Duration backfillIdle) {
        public static final ApplySettings DEFAULT = new ApplySettings(Duration.ZERO, 1, 2, BackfillMode.AUTO,
                Duration.ofSeconds(5));
    }

    /** The settings without {@link ApplySettings}, which take their defaults. */
    public SinkConfig(String bootstrapServers, String groupId, Map<String, String> topicCollections, String jdbcUrl,
                      String jdbcUser, String jdbcPassword, String schema, int maxBatchSize, Duration pollTimeout,
                      RetrySettings retry, Duration closeTimeout, Map<String, String> kafkaOverrides) {
        this(bootstrapServers, groupId, topicCollections, jdbcUrl, jdbcUser, jdbcPassword, schema, maxBatchSize,
                pollTimeout, retry, closeTimeout, kafkaOverrides, ApplySettings.DEFAULT, null);
    }

    /** The settings without a schema registry. */
    public SinkConfig(String bootstrapServers, String groupId, Map<String, String> topicCollections, String jdbcUrl,
                      String jdbcUser, String jdbcPassword, String schema, int maxBatchSize, Duration pollTimeout,
                      RetrySettings retry, Duration closeTimeout, Map<String, String> kafkaOverrides,
                      ApplySettings apply) {
        this(bootstrapServers, groupId, topicCollections, jdbcUrl, jdbcUser, jdbcPassword, schema, maxBatchSize,
                pollTimeout, retry, closeTimeout, kafkaOverrides, apply, null);
    }

    public SinkConfig {
        topicCollections = Collections.unmodifiableMap(new LinkedHashMap<>(topicCollections));
        kafkaOverrides = Collections.unmodifiableMap(new TreeMap<>(kafkaOverrides));
        List<Problem> problems = checkComponents(bootstrapServers, groupId, topicCollections, jdbcUrl, schema,
                maxBatchSize, pollTimeout, retry, closeTimeout, kafkaOverrides);
        checkApply(apply, problems);
        checkRegistryUrl(schemaRegistryUrl, problems);
        if (!problems.isEmpty()) {
            throw new SinkConfigException(problems.stream().map(Problem::message).toList());
        }
    }

    /**
     * Parses the sink settings; the topics come from the mapping's collections. Every problem is collected and
     * reported at once, each against its key.
     */
    public static SinkConfig parse(Map<String, String> properties, Mapping mapping) {
        Parser p = new Parser(properties);
        p.unknownKeys();
        String bootstrap = p.required(BOOTSTRAP_SERVERS, "e.g. 'localhost:9092'");
        String prefix = p.required(TOPIC_PREFIX, "the prefix the transformer writes '<prefix>.rows.<collection>' with");
        String url = p.required(JDBC_URL, "e.g. 'jdbc:postgresql://localhost:5432/app'");
        String user = p.optional(JDBC_USER, null);
        String password = p.optional(JDBC_PASSWORD, null);
        String group = p.optional(GROUP_ID, DEFAULT_GROUP_ID);
        String schema = p.optional(SCHEMA, DEFAULT_SCHEMA);
        int batch = p.positiveInt(MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_SIZE);
        Duration poll = p.millis(POLL_TIMEOUT_MS, DEFAULT_POLL_TIMEOUT);
        Duration close = p.millis(CLOSE_TIMEOUT_MS, DEFAULT_CLOSE_TIMEOUT);
        RetrySettings retry = new RetrySettings(p.positiveInt(RETRY_MAX_ATTEMPTS, RetrySettings.DEFAULT.maxAttempts()),
                p.millis(RETRY_INITIAL_BACKOFF_MS, RetrySettings.DEFAULT.initialBackoff()),
                p.millis(RETRY_MAX_BACKOFF_MS, RetrySettings.DEFAULT.maxBackoff()));
        Map<String, String> topics = new LinkedHashMap<>();
        if (prefix != null) {
            mapping.collectionNames().forEach(c -> topics.put(rowsTopic(prefix, c), c));
        } else {
            p.reportedKeys.add("topics");
        }
        Map<String, String> kafka = p.kafkaOverrides();
        ApplySettings apply = p.applySettings();
        String registry = p.optional(SCHEMA_REGISTRY_URL, null);
        if (!p.problems.isEmpty()) {
            // Report the record's own checks too, for the keys the parser found nothing wrong with.
            checkComponents(bootstrap, group, topics, url, schema, batch, poll, retry, close, kafka).stream()
                    .filter(problem -> !p.reportedKeys.contains(problem.key())).forEach(problem -> p.problems.add(problem.message()));
            throw new SinkConfigException(p.problems);
        }
        return new SinkConfig(bootstrap, group, topics, url, user, password, schema, batch, poll, retry, close, kafka,
                apply, registry);
    }

    /** The topic the transformer writes one collection's RowSets to. */
    public static String rowsTopic(String prefix, String collection) {
        return prefix + ".rows." + collection;
    }

    public List<String> topics() {
        return List.copyOf(topicCollections.keySet());
    }

    public Optional<String> collectionOf(String topic) {
        return Optional.ofNullable(topicCollections.get(topic));
    }

    /** Never prints the password; a password inside the JDBC URL or a secret Kafka setting is masked too. */
    @Override
    public String toString() {
        Map<String, String> kafka = new TreeMap<>();
        kafkaOverrides.forEach((k, v) -> kafka.put(k, SECRET_KEY.matcher(k).matches() ? MASK : v));
        return "SinkConfig[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", topics=" + topics()
                + ", jdbcUrl=" + maskUrl(jdbcUrl) + ", jdbcUser=" + jdbcUser + ", jdbcPassword="
                + (jdbcPassword == null ? "(none)" : MASK) + ", schema=" + schema + ", maxBatchSize=" + maxBatchSize
                + ", pollTimeout=" + pollTimeout + ", retry=" + retry + ", closeTimeout=" + closeTimeout
                + ", kafkaOverrides=" + kafka + ", apply=" + apply + ", schemaRegistryUrl=" + maskUrl(schemaRegistryUrl) + "]";
    }

    public static String maskUrl(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
    }

    /** One problem with one setting. */
    private record Problem(String key, String message) {
    }

    private static List<Problem> checkComponents(String bootstrapServers, String groupId, Map<String, String> topics,
                                                String jdbcUrl, String schema, int maxBatchSize, Duration pollTimeout,
                                                RetrySettings retry, Duration closeTimeout, Map<String, String> kafka) {
        List<Problem> problems = new ArrayList<>();
        if (isBlank(bootstrapServers)) {
            problems.add(invalid(BOOTSTRAP_SERVERS, bootstrapServers, "it is required; set it to e.g. 'localhost:9092'"));
        }
        if (isBlank(groupId)) {
            problems.add(invalid(GROUP_ID, groupId, "it cannot be empty; leave it out to use '" + DEFAULT_GROUP_ID + "'"));
        }
        if (topics.isEmpty()) {
            problems.add(invalid("topics", "[]", "no topic to consume; the mapping needs at least one collection"));
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add(invalid(JDBC_URL, maskUrl(jdbcUrl), "it must be a PostgreSQL JDBC URL such as "
                    + "'jdbc:postgresql://localhost:5432/app'"));
        }
        if (isBlank(schema) || schema.indexOf('\0') >= 0) {
            problems.add(invalid(SCHEMA, schema, "it must be a non-empty schema name; leave it out to use '"
                    + DEFAULT_SCHEMA + "'"));
        } else if (schema.equals(CONTROL_SCHEMA)) {
            problems.add(invalid(SCHEMA, schema, "schema '" + CONTROL_SCHEMA + "' holds the sink's own tables "
                    + "(offsets, progress, dead_letters); choose another target schema"));
        }
        if (maxBatchSize < 1) {
            problems.add(invalid(MAX_BATCH_SIZE, String.valueOf(maxBatchSize), "it must be at least 1"));
        }
        checkPositive(POLL_TIMEOUT_MS, pollTimeout, problems);
        checkPositive(CLOSE_TIMEOUT_MS, closeTimeout, problems);
        checkRetry(retry, problems);
        kafka.keySet().stream().filter(RESERVED_KAFKA_SETTINGS::contains).forEach(k -> problems.add(invalid(
                KAFKA_PREFIX + k, kafka.get(k), "the sink sets '" + k + "' itself; remove this setting"
                        + (k.equals("bootstrap.servers") || k.equals("group.id") ? " and use '" + k + "'" : ""))));
        return problems;
    }

    private static void checkApply(ApplySettings apply, List<Problem> problems) {
        if (apply == null) {
            problems.add(invalid("apply", null, "apply settings are required; use ApplySettings.DEFAULT"));
            return;
        }
        if (apply.linger() == null || apply.linger().isNegative()) {
            problems.add(invalid(BATCH_LINGER_MS, String.valueOf(apply.linger()), "it must be 0 or more milliseconds"));
        }
        if (apply.parallelism() < 1) {
            problems.add(invalid(PARALLELISM, String.valueOf(apply.parallelism()), "it must be at least 1"));
        } else if (apply.poolMaxSize() < apply.parallelism() + 1) {
            problems.add(invalid(POOL_MAX_SIZE, String.valueOf(apply.poolMaxSize()), "it must be at least "
                    + PARALLELISM + " + 1 (" + (apply.parallelism() + 1) + "): one connection per consumer loop and one "
                    + "for reading offsets; raise it or leave it out"));
        }
        if (apply.backfill() == null) {
            problems.add(invalid(BACKFILL, null, "use one of: auto, off"));
        }
        if (apply.backfillIdle() == null || apply.backfillIdle().isNegative()) {
            problems.add(invalid(BACKFILL_IDLE_MS, String.valueOf(apply.backfillIdle()),
                    "it must be 0 or more milliseconds"));
        }
    }

    private static void checkRegistryUrl(String url, List<Problem> problems) {
        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add(invalid(SCHEMA_REGISTRY_URL, url, "use the registry's http(s) API URL, e.g. "
                    + "http://localhost:8080/apis/registry/v3, or leave it out when the transformer writes no "
                    + "registry-based Avro"));
        }
    }

    private static void checkRetry(RetrySettings retry, List<Problem> problems) {
        if (retry == null) {
            problems.add(invalid("retry", null, "retry settings are required"));
            return;
        }
        if (retry.maxAttempts() < 1) {
            problems.add(invalid(RETRY_MAX_ATTEMPTS, String.valueOf(retry.maxAttempts()), "it must be at least 1"));
        }
        checkPositive(RETRY_INITIAL_BACKOFF_MS, retry.initialBackoff(), problems);
        checkPositive(RETRY_MAX_BACKOFF_MS, retry.maxBackoff(), problems);
        if (retry.initialBackoff() != null && retry.maxBackoff() != null
                && retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            problems.add(invalid(RETRY_MAX_BACKOFF_MS, String.valueOf(retry.maxBackoff().toMillis()),
                    "it must be at least " + RETRY_INITIAL_BACKOFF_MS + " (" + retry.initialBackoff().toMillis() + ")"));
        }
    }

    private static void checkPositive(String key, Duration value, List<Problem> problems) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(invalid(key, value == null ? null : String.valueOf(value.toMillis()),
                    "it must be a positive number of milliseconds"));
        }
    }

    static Problem invalid(String key, String value, String reason) {
        return new Problem(key, "Invalid value " + (value == null ? "(missing)" : "'" + value + "'")
                + " for configuration '" + key + "': " + reason);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Reads one property map, collecting problems instead of stopping at the first. */
    private static final class Parser {
        private final Map<String, String> properties;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> reportedKeys = new java.util.HashSet<>();

        Parser(Map<String, String> properties) {
            this.properties = properties;
        }

        void unknownKeys() {
            properties.keySet().stream().sorted()
                    .filter(k -> !KNOWN_KEYS.contains(k) && !k.startsWith(KAFKA_PREFIX))
                    .forEach(k -> problems.add("Unknown configuration '" + k + "'; known keys: "
                            + KNOWN_KEYS.stream().sorted().toList() + " and '" + KAFKA_PREFIX + "<consumer setting>'"));
        }

        String required(String key, String example) {
            String value = properties.get(key);
            if (value == null || value.isBlank()) {
                report(invalid(key, value, "it is required; " + example));
                return null;
            }
            return value.trim();
        }

        String optional(String key, String fallback) {
            String value = properties.get(key);
            return value == null ? fallback : value.trim();
        }

        int positiveInt(String key, int fallback) {
            String value = properties.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            report(invalid(key, value, "it must be a whole number of at least 1, e.g. '" + fallback + "'"));
            return fallback;
        }

        Duration millis(String key, Duration fallback) {
            String value = properties.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= 1) {
                    return Duration.ofMillis(parsed);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            report(invalid(key, value, "it must be a positive number of milliseconds, e.g. '"
                    + fallback.toMillis() + "'"));
            return fallback;
        }

        /** Parsed here so each bad value is reported against its key; cross-setting rules are checked by the record. */
        ApplySettings applySettings() {
            ApplySettings d = ApplySettings.DEFAULT;
            Duration linger = nonNegativeMillis(BATCH_LINGER_MS, d.linger());
            int parallelism = positiveInt(PARALLELISM, d.parallelism());
            int pool = positiveInt(POOL_MAX_SIZE, parallelism + 1);
            BackfillMode backfill = d.backfill();
            String mode = properties.get(BACKFILL);
            if (mode != null) {
                try {
                    backfill = BackfillMode.parse(mode);
                } catch (IllegalArgumentException e) {
                    report(invalid(BACKFILL, mode, e.getMessage()));
                }
            }
            Duration idle = nonNegativeMillis(BACKFILL_IDLE_MS, d.backfillIdle());
            if (pool < parallelism + 1 && !reportedKeys.contains(POOL_MAX_SIZE)) {
                report(invalid(POOL_MAX_SIZE, String.valueOf(pool), "it must be at least " + PARALLELISM + " + 1 ("
                        + (parallelism + 1) + "): one connection per consumer loop and one for reading offsets; "
                        + "raise it or leave it out"));
                pool = parallelism + 1;
            }
            return new ApplySettings(linger, parallelism, pool, backfill, idle);
        }

        Duration nonNegativeMillis(String key, Duration fallback) {
            String value = properties.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= 0) {
                    return Duration.ofMillis(parsed);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            report(invalid(key, value, "it must be 0 or more milliseconds, e.g. '" + fallback.toMillis() + "'"));
            return fallback;
        }

        void report(Problem problem) {
            reportedKeys.add(problem.key());
            problems.add(problem.message());
        }

        Map<String, String> kafkaOverrides() {
            Map<String, String> kafka = new TreeMap<>();
            properties.forEach((k, v) -> {
                if (k.startsWith(KAFKA_PREFIX) && k.length() > KAFKA_PREFIX.length()) {
                    kafka.put(k.substring(KAFKA_PREFIX.length()), v);
                }
            });
            return kafka;
        }
    }
}
