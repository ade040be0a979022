package io.mongo2pg.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mongo2pg run --config} on the in-process stack (the Mongo-compatible source through the config file's
 * Debezium overrides, the embedded broker persisted under dataDir, a real PostgreSQL), with its HTTP endpoints, then
 * {@code mongo2pg lag} against the running process, then a graceful stop.
 */
class RunCommandTest {
    private static final String DB = "shop";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedMongoSource mongo;
    private static EmbeddedPostgresServer postgres;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startServers() {
        mongo = EmbeddedMongoSource.start();
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (postgres != null) {
            postgres.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void shouldRunThePipelineServeHealthAndMetricsReportLagAndStopCleanly() throws Exception {
        mongo.client().getDatabase(DB).getCollection("orders").insertOne(new Document("_id", new ObjectId()).append("total", 5));
        int httpPort = freePort();
        Path config = config(httpPort, freePort());
        StringWriter out = new StringWriter();
        CommandLine cli = commandLine(out, new StringWriter());
        RunCommand run = (RunCommand) cli.getSubcommands().get("run").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("run", "--config", config.toString()));
        try {
            runningPipeline(httpPort, config, exit, out);
        } finally {
            run.requestStop();
            // Let every part stop before the temporary directory goes away, also when the test failed.
            exit.handle((code, error) -> code).get(90, TimeUnit.SECONDS);
        }
        assertThat(exit.get()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("mongo2pg run: stopping", "mongo2pg run: stopped");
        assertThat(Files.isDirectory(dir.resolve("data/kafka/kraft-combined-logs"))).isTrue();
        assertThat(Files.list(dir.resolve("data/offsets")).count()).isPositive();
    }

    private void runningPipeline(int httpPort, Path config, CompletableFuture<Integer> exit, StringWriter out)
            throws Exception {

        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> exit.isDone() || get(httpPort, "/ready").statusCode() == 200);
        assertThat(exit).as(out.toString()).isNotDone();
        assertThat(get(httpPort, "/health").body()).isEqualTo("UP\n");
        assertThat(get(httpPort, "/ready").body()).contains("READY", "kafka RUNNING", "sink RUNNING",
                "transformer RUNNING", "capture RUNNING");

        mongo.client().getDatabase(DB).getCollection("orders").insertOne(new Document("_id", new ObjectId()).append("total", 7));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM public.orders") == 2);

        String metrics = get(httpPort, "/metrics").body();
        assertThat(metrics).contains("mongo2pg_ready 1.0")
                .containsPattern("mongo2pg_sink_rowsets_total\\{[^}]*outcome=\"applied\"[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes", "hikaricp_connections_active")
                // Kafka Streams' own metrics of the transformer, and the sink's Kafka consumer metrics.
                .containsPattern("kafka_stream_thread_process_total\\{[^}]*} [1-9]")
                .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*client_id=\"mongo2pg-sink-0\"");
        // Rates (Prometheus derives them from the totals) and per-broker connection series are left out.
        assertThat(metrics).doesNotContainPattern("kafka_\\w+_rate\\{").doesNotContain("node_id=");

        assertLagCaughtUp(config);
        assertWatchRerendersInPlace(config);
    }

    private void assertLagCaughtUp(Path config) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StringWriter out = new StringWriter();
            assertThat(commandLine(out, new StringWriter()).execute("lag", "--json", "--config", config.toString()))
                    .isZero();
            JsonNode report = JSON.readTree(out.toString());
            JsonNode transformer = report.at("/groups/0");
            JsonNode sink = report.at("/groups/1");
            assertThat(transformer.get("group").asText()).isEqualTo("ops-transformer");
            assertThat(sink.get("group").asText()).isEqualTo("mongo2pg-sink");
            assertThat(transformer.get("partitions")).hasSize(2);
            assertThat(sink.get("partitions")).hasSize(2);
            long transformerEnd = 0;
            for (JsonNode p : transformer.get("partitions")) {
                assertThat(p.get("lag").asLong()).isZero();
                transformerEnd += p.get("end").asLong();
            }
            assertThat(transformerEnd).isGreaterThanOrEqualTo(2); // at least the snapshot read and the insert
            for (JsonNode p : sink.get("partitions")) {
                assertThat(p.get("lag").asLong()).isZero();
                if (p.get("end").asLong() > 0) {
                    // The sink's stored position sits below the end by the transformer's commit markers: no lag.
                    assertThat(p.get("postgres").asLong()).isPositive().isLessThan(p.get("end").asLong());
                }
            }
            assertThat(report.at("/freshness/0/collection").asText()).isEqualTo("orders");
            assertThat(report.at("/freshness/0/behindSourceMs").asLong()).isNotNegative();
        });
        StringWriter table = new StringWriter();
        assertThat(commandLine(table, new StringWriter()).execute("lag", "--config", config.toString())).isZero();
        assertThat(table.toString()).contains("ROLE", "COMMITTED", "POSTGRES", "ops.shop.orders", "ops.rows.orders",
                "sink (mongo2pg-sink): total lag 0", "COLLECTION", "BEHIND SOURCE");
    }

    private void assertWatchRerendersInPlace(Path config) {
        StringWriter out = new StringWriter();
        assertThat(commandLine(out, new StringWriter()).execute("lag", "--watch", "--interval", "0.1", "--count", "2",
                "--config", config.toString())).isZero();
        assertThat(out.toString().split("\033\\[H\033\\[2J", -1)).hasSize(3);
    }

    private static Path config(int httpPort, int kafkaPort) throws IOException {
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, "collections:\n  orders:\n    columns:\n      total: {type: integer}\n");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mapping", "mapping.yml");
        root.put("topicPrefix", "ops");
        root.put("dataDir", "data");
        root.put("mongodb", Map.of("connectionString", mongo.connectionString(), "database", DB,
                "collectionDebezium", Map.of("orders", mongo.connectorOverrides(DB, "orders"))));
        root.put("kafka", Map.of("embedded", Map.of("port", kafkaPort), "partitions", 2));
        root.put("postgres", Map.of("jdbcUrl", postgres.jdbcUrl(), "user", postgres.user()));
        root.put("http", Map.of("host", "localhost", "port", httpPort));
        Path file = dir.resolve("mongo2pg.yml");
        new YAMLMapper().writeValue(file.toFile(), root);
        return file;
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        try (Connection c = postgres.dataSource().getConnection(); ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1; // the table is created when the sink starts
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
