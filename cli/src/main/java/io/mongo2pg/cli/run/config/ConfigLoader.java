package io.mongo2pg.cli.run.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingException;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.transformer.topology.RowFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code mongo2pg.yml} into a {@link Mongo2pgConfig}. Every problem is collected and reported at once against
 * its YAML path ({@code postgres.jdbcUrl: missing; ...}). Sections a command does not use may be left out: each
 * command says which it {@link Need}s.
 */
public final class ConfigLoader {
    /** The sections with required values, per command. */
    public enum Need { MONGODB, KAFKA, POSTGRES }

    public static final String DEFAULT_TOPIC_PREFIX = "mongo2pg";
    public static final int DEFAULT_EMBEDDED_PORT = 9092;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_STRIMZI_API = "kafka.strimzi.io/v1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("mapping", "topicPrefix", "dataDir", "mongodb", "kafka",
            "postgres", "transformer", "sink", "http", "connect");

    private final Path file;
    private final Set<Need> needs;
    private final EnvResolver env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Path file, Map<String, String> env, Set<Need> needs) {
        this.file = file;
        this.needs = needs.isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs);
        this.env = new EnvResolver(env);
    }

    /** Reads {@code file} with the process environment. */
    public static Mongo2pgConfig load(Path file, Set<Need> needs) {
        return load(file, System.getenv(), needs);
    }

    /** @throws ConfigException with every problem, each against its YAML path */
    public static Mongo2pgConfig load(Path file, Map<String, String> env, Set<Need> needs) {
        return new ConfigLoader(file, env, needs).read();
    }

    private Mongo2pgConfig read() {
        ConfigNode root = new ConfigNode(tree(), "", env, problems);
        root.allowOnly(TOP_KEYS);
        Path dir = file.toAbsolutePath().getParent();
        String mappingValue = root.required("mapping", "name the mapping YAML file, e.g. 'mapping: mapping.yml' "
                + "(relative to this file)");
        Path mappingFile = mappingValue == null ? null : dir.resolve(mappingValue).normalize();
        Mapping mapping = mappingFile == null ? null : mapping(mappingFile);
        String prefix = root.text("topicPrefix", DEFAULT_TOPIC_PREFIX);
        Path dataDir = dir.resolve(root.text("dataDir", "mongo2pg-data")).normalize();
        Mongo2pgConfig config = new Mongo2pgConfig(file, mappingFile, mapping, prefix, dataDir,
                mongodb(root.section("mongodb")), kafka(root.section("kafka")), postgres(root.section("postgres")),
                transformer(root.section("transformer"), prefix, dataDir), sink(root.section("sink")),
                http(root.section("http")), connect(root.section("connect")));
        if (problems.isEmpty() && needs.contains(Need.MONGODB)) {
            checkCapture(config);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(file, problems);
        }
        return config;
    }

    private JsonNode tree() {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file, List.of("cannot read the config file (" + e.getMessage() + "); pass an "
                    + "existing YAML file with --config"));
        }
    }

    private Mapping mapping(Path mappingFile) {
        try {
            return MappingLoader.load(mappingFile);
        } catch (MappingException e) {
            e.problems().forEach(p -> problems.add("mapping (" + mappingFile + "): " + p));
        } catch (java.io.UncheckedIOException e) {
            problems.add("mapping: cannot read " + mappingFile + "; the path is relative to the config file");
        }
        return null;
    }

    private MongoSettings mongodb(ConfigNode node) {
        node.allowOnly(Set.of("connectionString", "database", "debezium", "collectionDebezium"));
        String connection = needs.contains(Need.MONGODB) ? node.required("connectionString",
                "e.g. 'mongodb://user:${MONGODB_PASSWORD}@host:27017/?replicaSet=rs0'")
                : node.text("connectionString", null);
        // The database names the change topics, so every command that touches Kafka needs it too.
        String database = needs.contains(Need.MONGODB) || needs.contains(Need.KAFKA) ? node.required("database",
                "name the captured MongoDB database (change topics are <topicPrefix>.<database>.<collection>)")
                : node.text("database", null);
        Map<String, Map<String, String>> perCollection = new LinkedHashMap<>();
        ConfigNode collections = node.section("collectionDebezium");
        collections.keys().forEach(c -> perCollection.put(c, collections.settings(c)));
        return new MongoSettings(connection, database, node.settings("debezium"), perCollection);
    }

    private KafkaSettings kafka(ConfigNode node) {
        node.allowOnly(Set.of("embedded", "bootstrapServers", "partitions", "replicationFactor", "client"));
        String bootstrap = node.text("bootstrapServers", null);
        ConfigNode embedded = node.section("embedded");
        embedded.allowOnly(Set.of("port"));
        if (bootstrap != null && embedded.present()) {
            node.problem("embedded", "set either kafka.embedded or kafka.bootstrapServers, not both");
        }
        int port = embedded.integer("port", DEFAULT_EMBEDDED_PORT, 0, 65535);
        int partitions = node.integer("partitions", 3, 1, 10_000);
        int replication = node.integer("replicationFactor", bootstrap == null ? 1 : -1, -1, Short.MAX_VALUE);
        if (replication == 0) {
            node.problem("replicationFactor", "invalid value 0; use -1 (the broker's default) or 1 or more");
        }
        return new KafkaSettings(port, bootstrap, partitions, (short) replication, node.settings("client"));
    }

    private PostgresSettings postgres(ConfigNode node) {
        node.allowOnly(Set.of("jdbcUrl", "user", "password", "schema"));
        String url = needs.contains(Need.POSTGRES) ? node.required("jdbcUrl",
                "e.g. 'jdbc:postgresql://localhost:5432/app'") : node.text("jdbcUrl", null);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            node.problem("jdbcUrl", "invalid value '" + Masking.url(url) + "'; it must start with 'jdbc:postgresql:'");
        }
        String password = node.text("password", null);
        return new PostgresSettings(url, node.text("user", null), password == null ? null : new Secret(password),
                node.text("schema", "public"));
    }

    private TransformerSettings transformer(ConfigNode node, String prefix, Path dataDir) {
        node.allowOnly(Set.of("applicationId", "stateDir", "overrides", "rowFormat", "schemaRegistryUrl"));
        String stateDir = node.text("stateDir", null);
        RowFormat format = rowFormat(node);
        return new TransformerSettings(node.text("applicationId", prefix + "-transformer"),
                stateDir == null ? dataDir.resolve("streams") : dataDir.resolve(stateDir), node.settings("overrides"),
                format, schemaRegistryUrl(node, format));
    }

    private static RowFormat rowFormat(ConfigNode node) {
        String value = node.text("rowFormat", RowFormat.AVRO.configValue());
        try {
            return RowFormat.parse(value);
        } catch (IllegalArgumentException e) {
            node.problem("rowFormat", "invalid value '" + value + "'; use one of " + RowFormat.allowedValues()
                    + " (avro is the default; json writes readable RowSets, for debugging)");
            return RowFormat.AVRO;
        }
    }

    private static String schemaRegistryUrl(ConfigNode node, RowFormat format) {
        String url = node.text("schemaRegistryUrl", null);
        if (url != null && !url.matches("https?://\\S+")) {
            node.problem("schemaRegistryUrl", "invalid value '" + Masking.url(url) + "'; use the registry's http(s) "
                    + "API URL, e.g. http://registry:8080/apis/registry/v3");
            return null;
        }
        if (url != null && format != RowFormat.AVRO) {
            node.problem("schemaRegistryUrl", "is only used with Avro RowSets, but transformer.rowFormat is '"
                    + format.configValue() + "'; remove the registry URL or set rowFormat: avro");
            return null;
        }
        return url;
    }

    private SinkSettings sink(ConfigNode node) {
        node.allowOnly(Set.of("groupId", "settings"));
        return new SinkSettings(node.text("groupId", "mongo2pg-sink"), node.settings("settings"));
    }

    private HttpSettings http(ConfigNode node) {
        node.allowOnly(Set.of("host", "port"));
        return new HttpSettings(node.text("host", "0.0.0.0"), node.integer("port", DEFAULT_HTTP_PORT, -1, 65535));
    }

    private ConnectSettings connect(ConfigNode node) {
        node.allowOnly(Set.of("url", "strimziCluster", "strimziApiVersion"));
        return new ConnectSettings(node.text("url", "http://localhost:8083"), node.text("strimziCluster", null),
                node.text("strimziApiVersion", DEFAULT_STRIMZI_API));
    }

    /** The capture settings' own checks (Debezium keys mongo2pg derives, scopes), reported under mongodb. */
    private void checkCapture(Mongo2pgConfig config) {
        try {
            config.capture();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().replaceFirst("^Invalid MongoDB capture configuration:\\n\\s*- ", "");
            for (String line : message.split("\\n\\s*- ")) {
                problems.add("mongodb: " + line.replace(" in overrides", " in mongodb.debezium")
                        .replace("collectionOverrides", "mongodb.collectionDebezium"));
            }
        }
    }
}
