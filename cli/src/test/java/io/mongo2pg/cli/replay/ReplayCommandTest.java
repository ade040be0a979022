package io.mongo2pg.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.cli.run.ServiceSettings;
import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.runtime.PipelineTopics;
import io.mongo2pg.cli.verify.ConfigFiles;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.sink.kafka.SinkService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mongo2pg replay} and {@code snapshot} against a real Kafka broker and PostgreSQL, with the real sink as the
 * live sink: a refused replay while it runs, a replay from the beginning that repairs damaged tables, a rebuild into a
 * new schema beside the running sink and a swap that the running sink continues on, a transformer reset, and the
 * snapshot signal as Debezium's Kafka channel reads it.
 */
class ReplayCommandTest {
    private static final String MAPPING = "collections:\n  orders:\n    id: {type: text}\n    columns:\n"
            + "      total: {type: integer}\n      status: {type: text}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;
    private static Path config;
    private static Mongo2pgConfig loaded;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.start();
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        config = ConfigFiles.write(dir, "replay", MAPPING, "mongodb://unused", "db", postgres.jdbcUrl(),
                postgres.user(), "public", kafka.bootstrapServers(), "rp");
        loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
        new PipelineTopics("rp", "db", List.of("orders"), 2, (short) 1).ensureExist(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldReplayTheStoppedSinkRebuildBesideTheLiveSinkAndSwap() throws Exception {
        for (int i = 1; i <= 10; i++) {
            upsert("o" + i, i, "new");
        }
        SinkService sink = startSink();
        await().atMost(Duration.ofSeconds(60)).until(() -> count("public.orders") == 10);

        Result refused = run("replay", "--sink", "--to-earliest", "--config", config.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("consumer group 'rp-sink'", "active member(s)",
                "stop every 'mongo2pg sink' and 'mongo2pg run'");

        sink.close();
        execute("DELETE FROM public.orders WHERE total <= 4");
        Result replayed = run("replay", "--sink", "--to-earliest", "--config", config.toString());
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("sink (rp-sink) moved to the beginning:", "rp.rows.orders [0] -> 0",
                "rp.rows.orders [1] -> 0");
        assertThat(sum("SELECT sum(next_offset) FROM mongo2pg.offsets WHERE target_schema = 'public'")).isZero();
        assertThat(committed("rp-sink").values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);

        sink = startSink();
        await().atMost(Duration.ofSeconds(60)).until(() -> count("public.orders") == 10);

        execute("UPDATE public.orders SET status = 'damaged' WHERE _id = 'o1'");
        Result rebuilt = run("replay", "--into-schema", "rebuilt", "--config", config.toString());
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("rebuilt schema 'rebuilt': 10 records applied",
                "mongo2pg replay swap --config " + config + " --schema rebuilt");
        assertThat(text("SELECT status FROM rebuilt.orders WHERE _id = 'o1'")).isEqualTo("new");

        upsert("o2", 2, "shipped");
        upsert("o11", 11, "new");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("public.orders") == 11);
        Result swapped = run("replay", "swap", "--schema", "rebuilt", "--config", config.toString());
        assertThat(swapped.exit()).as(swapped.err()).isZero();
        assertThat(swapped.out()).contains("swapped: schema 'rebuilt' is now 'public' (2 records caught up",
                "the former 'public' is 'public_old'");
        assertThat(text("SELECT status FROM public.orders WHERE _id = 'o1'")).isEqualTo("new");
        assertThat(text("SELECT status FROM public.orders WHERE _id = 'o2'")).isEqualTo("shipped");
        assertThat(text("SELECT status FROM public_old.orders WHERE _id = 'o1'")).isEqualTo("damaged");
        assertThat(count("public.orders")).isEqualTo(11);

        upsert("o12", 12, "new");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("public.orders") == 12);
        sink.close();
        assertThat(run("replay", "swap", "--schema", "rebuilt", "--config", config.toString()).err())
                .contains("Schema 'rebuilt' is no rebuild: run 'mongo2pg replay --config");
    }

    @Test
    void shouldResetTheStoppedTransformerWithItsInternalTopicsAndLocalState() throws Exception {
        TopicPartition p0 = new TopicPartition("rp.db.orders", 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("rp-transformer-documents-changelog", 1, (short) 1))).all().get();
            admin.alterConsumerGroupOffsets("rp-transformer", Map.of(p0, new OffsetAndMetadata(0))).all().get();
        }
        Path state = Files.createDirectories(loaded.transformer().stateDir().resolve("rp-transformer/0_0"));
        Result result = run("replay", "--transformer", "--to-earliest", "--collection", "orders", "--config",
                config.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("transformer (rp-transformer) moved to the beginning:",
                "rp.db.orders [0] -> 0", "rp.db.orders [1] -> 0",
                "deleted internal topics [rp-transformer-documents-changelog]");
        assertThat(state.getParent()).doesNotExist();
        assertThat(committed("rp-transformer")).containsOnlyKeys(p0, new TopicPartition("rp.db.orders", 1));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("rp-transformer-documents-changelog");
        }
        assertThat(run("replay", "--config", config.toString()).err()).contains("say what to replay: --sink");
        assertThat(run("replay", "--sink", "--config", config.toString()).err()).contains("say where to: --to-earliest");
    }

    @Test
    void shouldSendTheIncrementalSnapshotSignalDebeziumsKafkaChannelReads() throws Exception {
        Result unconfigured = run("snapshot", "--collection", "orders", "--config", config.toString());
        assertThat(unconfigured.exit()).isEqualTo(2);
        assertThat(unconfigured.err()).contains("signal.kafka.topic = (unset)", "signal.enabled.channels: source,kafka");

        Path withoutCollection = signalConfig("no-signal-collection.yml", Map.of());
        assertThat(run("snapshot", "--collection", "orders", "--config", withoutCollection.toString()).err())
                .contains("names no signal.data.collection", "signal.data.collection: db.debezium_signal");
        Path withSignals = signalConfig("signals.yml", Map.of("signal.data.collection", "db.debezium_signal"));
        assertThat(run("snapshot", "--collection", "nope", "--config", withSignals.toString()).err())
                .contains("--collection nope: not in the mapping");
        Result sent = run("snapshot", "--collection", "orders", "--config", withSignals.toString());
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("incremental snapshot of [db.orders] requested: signal ", " at rp.signals [0]");

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("rp.signals", 0)));
            consumer.seekToBeginning(consumer.assignment());
            List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("rp");
            JsonNode value = JSON.readTree(records.get(0).value());
            assertThat(value.get("type").asText()).isEqualTo("execute-snapshot");
            assertThat(sent.out()).contains("signal " + value.get("id").asText() + " at rp.signals");
            assertThat(value.at("/data/type").asText()).isEqualTo("INCREMENTAL");
            assertThat(value.at("/data/data-collections/0").asText()).isEqualTo("db.orders");
        }
    }

    @Test
    void shouldKeepTheOffsetsOfTwoSinksIntoTwoSchemasFromTheSameTopicsApart() throws Exception {
        new PipelineTopics("bg", "db", List.of("orders"), 2, (short) 1).ensureExist(kafka.bootstrapServers());
        Mongo2pgConfig green = sinkInto("green");
        Mongo2pgConfig blue = sinkInto("blue");
        for (int i = 1; i <= 6; i++) {
            upsert("bg", "o" + i, i, "new");
        }
        try (SinkService greenSink = startSink(green)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("green.orders") == 6);
            // Blue starts once green stored its positions: were they shared, blue would resume there and miss them all.
            try (SinkService blueSink = startSink(blue)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> count("blue.orders") == 6);
                upsert("bg", "o7", 7, "new");
                upsert("bg", "o2", 2, "shipped");
                await().atMost(Duration.ofSeconds(60)).until(() -> count("green.orders") == 7
                        && count("blue.orders") == 7);
                await().atMost(Duration.ofSeconds(60)).until(() -> "shipped".equals(text(
                        "SELECT status FROM green.orders WHERE _id = 'o2'")) && "shipped".equals(text(
                        "SELECT status FROM blue.orders WHERE _id = 'o2'")));
            }
        }
        String positions = "SELECT sum(next_offset) FROM mongo2pg.offsets WHERE topic = 'bg.rows.orders' AND target_schema = ";
        assertThat(sum(positions + "'green'")).isEqualTo(sum(positions + "'blue'")).isGreaterThanOrEqualTo(8);
    }

    private static Mongo2pgConfig sinkInto(String schema) throws Exception {
        Path file = ConfigFiles.write(dir, schema, MAPPING, "mongodb://unused", "db", postgres.jdbcUrl(), postgres.user(),
                schema, kafka.bootstrapServers(), "bg", "bg-sink-" + schema);
        return ConfigLoader.load(file, EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
    }

    private static Path signalConfig(String name, Map<String, String> more) throws Exception {
        new PipelineTopics("rp", "db", List.of("orders"), 2, (short) 1, "rp.signals").ensureExist(kafka.bootstrapServers());
        Map<String, String> debezium = new LinkedHashMap<>(Map.of("signal.enabled.channels", "source,kafka",
                "signal.kafka.topic", "rp.signals", "signal.kafka.bootstrap.servers", kafka.bootstrapServers()));
        debezium.putAll(more);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mapping", "replay-mapping.yml");
        root.put("topicPrefix", "rp");
        root.put("mongodb", Map.of("database", "db", "debezium", debezium));
        root.put("kafka", Map.of("bootstrapServers", kafka.bootstrapServers()));
        Path file = dir.resolve(name);
        new YAMLMapper().writeValue(file.toFile(), root);
        return file;
    }

    private static SinkService startSink() {
        return startSink(loaded);
    }

    private static SinkService startSink(Mongo2pgConfig config) {
        SinkService sink = SinkService.create(ServiceSettings.sink(config, kafka.bootstrapServers()), config.mapping());
        sink.start();
        return sink;
    }

    private static void upsert(String id, int total, String status) throws Exception {
        upsert("rp", id, total, status);
    }

    private static void upsert(String topicPrefix, String id, int total, String status) throws Exception {
        BsonDocument document = new BsonDocument("_id", new BsonString(id)).append("total", new BsonInt32(total))
                .append("status", new BsonString(status));
        RowSet rowSet = new Normalizer(loaded.mapping()).upsert("orders", document,
                new SourcePosition("orders", System.currentTimeMillis(), 0, false, null));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topicPrefix + ".rows.orders", RowSetCodec.encodeKey(rowSet.id()),
                    RowSetCodec.encode(rowSet))).get();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    private static long count(String table) {
        return sum("SELECT count(*) FROM " + table);
    }

    private static long sum(String sql) {
        try (Connection c = postgres.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // not created yet
        }
    }

    private static String text(String sql) throws Exception {
        try (Connection c = postgres.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = postgres.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

}
