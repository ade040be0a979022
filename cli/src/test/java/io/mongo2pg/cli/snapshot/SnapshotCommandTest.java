package io.mongo2pg.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.cli.run.RunCommand;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mongo2pg snapshot} against a running {@code mongo2pg run}: rows damaged directly in PostgreSQL are restored by
 * a real Debezium incremental snapshot (the execute-snapshot signal over the Kafka channel, chunks read by {@code _id}
 * ranges from the in-process Mongo-compatible server), through the normal pipeline.
 */
class SnapshotCommandTest {
    private static final String DB = "shop";

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
    void shouldRestoreRowsDamagedInPostgresByAnIncrementalSnapshot() throws Exception {
        for (int i = 1; i <= 5; i++) {
            mongo.client().getDatabase(DB).getCollection("orders").insertOne(new Document("_id", "o" + i).append("total", i));
        }
        Path config = config(freePort());
        StringWriter out = new StringWriter();
        CommandLine cli = commandLine(out, new StringWriter());
        RunCommand run = (RunCommand) cli.getSubcommands().get("run").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("run", "--config", config.toString()));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> exit.isDone() || count("SELECT count(*) FROM public.orders") == 5);
            assertThat(exit).as(out.toString()).isNotDone();
            execute("DELETE FROM public.orders WHERE _id IN ('o2', 'o4')");
            execute("UPDATE public.orders SET total = -1 WHERE _id = 'o5'");

            StringWriter snapshotOut = new StringWriter();
            StringWriter snapshotErr = new StringWriter();
            assertThat(commandLine(snapshotOut, snapshotErr).execute("snapshot", "--collection", "orders", "--config",
                    config.toString())).as(snapshotErr.toString()).isZero();
            assertThat(snapshotOut.toString()).contains("incremental snapshot of [shop.orders] requested");

            // Nothing changed in MongoDB: only the snapshot's reads, through the pipeline, can bring the rows back.
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM public.orders WHERE _id LIKE 'o_'") == 5
                    && count("SELECT total FROM public.orders WHERE _id = 'o5'") == 5);
            // The chunk's watermark document passed through the collection and is gone again, from both sides.
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM public.orders") == 5);
            assertThat(mongo.client().getDatabase(DB).getCollection("orders").countDocuments()).isEqualTo(5);
        } finally {
            run.requestStop();
            exit.handle((code, error) -> code).get(90, TimeUnit.SECONDS);
        }
        assertThat(exit.get()).as(out.toString()).isZero();
    }

    private static Path config(int kafkaPort) throws IOException {
        Files.writeString(dir.resolve("mapping.yml"), "collections:\n  orders:\n    id: {type: text}\n    columns:\n"
                + "      total: {type: integer}\n");
        Map<String, String> orders = new LinkedHashMap<>(mongo.connectorOverrides(DB, "orders"));
        orders.putAll(mongo.incrementalSnapshotOverrides(DB, "orders"));
        orders.put("signal.poll.interval.ms", "200"); // Debezium reads signals every 5 s by default
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mapping", "mapping.yml");
        root.put("topicPrefix", "snap");
        root.put("dataDir", "data");
        root.put("mongodb", Map.of("connectionString", mongo.connectionString(), "database", DB,
                "debezium", Map.of("signal.enabled.channels", "source,kafka", "signal.kafka.topic", "snap.signals",
                        "signal.kafka.bootstrap.servers", "localhost:" + kafkaPort),
                "collectionDebezium", Map.of("orders", orders)));
        root.put("kafka", Map.of("embedded", Map.of("port", kafkaPort), "partitions", 1));
        root.put("postgres", Map.of("jdbcUrl", postgres.jdbcUrl(), "user", postgres.user()));
        root.put("http", Map.of("port", -1));
        Path file = dir.resolve("mongo2pg.yml");
        new YAMLMapper().writeValue(file.toFile(), root);
        return file;
    }

    private static long count(String sql) {
        try (Connection c = postgres.dataSource().getConnection(); ResultSet rows = c.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // the table is created when the sink starts
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection()) {
            c.createStatement().execute(sql);
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
