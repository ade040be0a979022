package io.mongo2pg.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mongo2pg connector} against a real Kafka Connect worker (Connect's EmbeddedConnectCluster: broker + worker
 * in this JVM) running the real Debezium MongoDB connector against the Mongo-compatible source. The source's
 * test-only adaptations go in through the config file's {@code mongodb.collectionDebezium}, as a user's overrides
 * would.
 */
class ConnectorCommandTest {
    private static final String DB = "shop";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedConnectCluster connect;
    private static EmbeddedMongoSource mongo;
    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startConnect() {
        mongo = EmbeddedMongoSource.start();
        connect = new EmbeddedConnectCluster.Builder().name("mongo2pg-connect").numWorkers(1).build();
        connect.start();
    }

    @AfterAll
    static void stopConnect() {
        if (connect != null) {
            connect.stop();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void shouldShowConnectsRealErrorsAgainstTheirKeysAndDeployNothing() throws Exception {
        Path config = config("bad", Map.of("snapshot.mode", "sometimes"));

        assertThat(run("connector", "validate", "--config", config.toString(), "--connect-url", url())).isEqualTo(1);
        assertThat(out.toString()).contains("connector bad.shop.orders: 1 error(s)")
                .contains("snapshot.mode = sometimes: ");

        out.getBuffer().setLength(0);
        assertThat(run("connector", "deploy", "--config", config.toString(), "--connect-url", url())).isEqualTo(1);
        assertThat(out.toString()).contains("Kafka Connect rejected the configuration of connector bad.shop.orders")
                .contains("snapshot.mode = sometimes: ");
        assertThat(connect.connectors()).doesNotContain("bad.shop.orders");
    }

    @Test
    void shouldDeployIdempotentlyAndCaptureWithProductionConverters() throws Exception {
        mongo.client().getDatabase(DB).getCollection("orders").insertOne(new Document("_id", "o1").append("total", 5));
        Path config = config("good", Map.of());

        assertThat(run("connector", "deploy", "--config", config.toString(), "--connect-url", url()))
                .as(out + " " + err).isZero();
        assertThat(out.toString()).contains("connector good.shop.orders: CREATED; connector good.shop.orders RUNNING")
                .contains("tasks: 0 RUNNING");
        assertThat(firstValue("good.shop.orders").at("/after").asText()).contains("\"total\": 5");

        out.getBuffer().setLength(0);
        assertThat(run("connector", "deploy", "--config", config.toString(), "--connect-url", url())).isZero();
        assertThat(out.toString()).contains("connector good.shop.orders: UNCHANGED; connector good.shop.orders RUNNING");
    }

    @Test
    void shouldRenderWhatDeployWouldSendWithSecretsMasked() throws Exception {
        Path config = config("render", Map.of());
        Files.writeString(config, Files.readString(config).replace(mongo.connectionString(),
                mongo.connectionString().replace("mongodb://", "mongodb://app:s3cret@")));

        assertThat(run("connector", "render", "--config", config.toString())).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.get("name").asText()).isEqualTo("render.shop.orders");
        assertThat(json.at("/config/mongodb.connection.string").asText()).contains("app:****@").doesNotContain("s3cret");
        assertThat(json.at("/config/tasks.max").asText()).isEqualTo("1");
        assertThat(err.toString()).contains("--show-secrets");

        out.getBuffer().setLength(0);
        assertThat(run("connector", "render", "--config", config.toString(), "--format", "strimzi",
                "--strimzi-cluster", "my-connect", "--show-secrets")).isZero();
        JsonNode yaml = new YAMLMapper().readTree(out.toString());
        assertThat(yaml.get("kind").asText()).isEqualTo("KafkaConnector");
        assertThat(yaml.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-connect");
        assertThat(yaml.at("/spec/config/mongodb.connection.string").asText()).contains("app:s3cret@");
    }

    @Test
    void shouldSayWhereConnectIsWhenItCannotBeReached() throws Exception {
        Path config = config("nowhere", Map.of());

        assertThat(run("connector", "validate", "--config", config.toString(), "--connect-url",
                "http://localhost:1")).isEqualTo(3);
        assertThat(err.toString()).contains("Cannot reach Kafka Connect at http://localhost:1/")
                .contains("--connect-url");
    }

    private JsonNode firstValue(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "connector-test");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return JSON.readTree(records.get(0).value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A config file capturing shop.orders with the source's adaptations (and {@code extra}) per collection. */
    private static Path config(String prefix, Map<String, String> extra) throws Exception {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, "collections:\n  orders:\n    columns:\n      total: {type: integer}\n");
        Map<String, String> debezium = new LinkedHashMap<>(mongo.connectorOverrides(DB, "orders"));
        debezium.putAll(extra);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mapping", "mapping.yml");
        root.put("topicPrefix", prefix);
        root.put("mongodb", Map.of("connectionString", mongo.connectionString(), "database", DB,
                "collectionDebezium", Map.of("orders", debezium)));
        Path file = dir.resolve(prefix + ".yml");
        new YAMLMapper().writeValue(file.toFile(), root);
        return file;
    }

    private String url() {
        return connect.endpointForResource("").replaceAll("/+$", "");
    }

    private int run(String... args) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
