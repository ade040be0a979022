package io.mongo2pg.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once, proven the hard way: a sink in its own JVM is killed with SIGKILL at random points (mid-batch,
 * mid-commit, mid-backfill) again and again while it consumes a long stream from a real broker into a real
 * PostgreSQL, then runs to the end. Its tables must equal those of one clean, uninterrupted run: same rows, none
 * lost, none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkCrashTest {
    private static final String PREFIX = "crash";
    private static final int KILLS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaFixture kafka;
    private PostgresFixture server;
    private final RelationalModel model = RelationalModel.of(SinkTestSupport.sampleAnalyticsMapping());

    @BeforeAll
    void startServers(@TempDir Path kafkaDir) {
        kafka = KafkaFixture.start(kafkaDir);
        server = PostgresFixture.start();
    }

    @AfterAll
    void stopServers() throws Exception {
        try (PostgresFixture pg = server) {
            kafka.close();
        }
    }

    @Test
    void shouldEndIdenticalToACleanRunWhenKilledAtRandomPointsManyTimes(@TempDir Path logs) throws Exception {
        Map<String, Integer> topics = Map.of(topic("accounts"), 3, topic("customers"), 2, topic("transactions"), 1);
        kafka.createTopics(topics);
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                partitions.add(new TopicPartition(t, p));
            }
        });
        List<ProducerRecord<byte[], byte[]>> stream = new ChangeStream(PREFIX).records();
        int chunk = stream.size() / (KILLS + 1) + 1;

        try (PostgresFixture crashed = server.createDatabase("crashed");
             PostgresFixture clean = server.createDatabase("clean")) {
            Random random = new Random(20261121L);
            int produced = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                // Every run gets new work: the next part of the stream arrives just before it starts.
                produced += produce(stream.subList(produced, Math.min(stream.size(), produced + chunk)));
                Map<TopicPartition, Long> endsNow = kafka.endOffsets(partitions);
                Process sink = startSink(crashed, logs.resolve("sink-" + kill + ".log"));
                long before = sum(offsets(crashed));
                // Wait for progress (or for the part to be applied), then kill at a random point after it.
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> sum(offsets(crashed)) > before
                        || offsets(crashed).equals(endsNow) || !sink.isAlive());
                assertThat(sink.isAlive()).as("sink %d alive (log in %s)", kill, logs).isTrue();
                await().pollDelay(Duration.ofMillis(random.nextInt(150))).until(() -> true);
                sink.destroyForcibly().waitFor();
                System.out.printf("kill %d: %d of %d produced records applied%n", kill, sum(offsets(crashed)), produced);
            }
            produce(stream.subList(produced, stream.size()));
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            assertThat(sum(ends)).isEqualTo(stream.size());

            Process last = startSink(crashed, logs.resolve("sink-last.log"));
            try {
                awaitAllApplied(crashed, ends);
            } finally {
                last.destroyForcibly().waitFor();
            }
            try (SinkService once = SinkService.create(SinkConfig.parse(config(clean, "clean"),
                    SinkTestSupport.sampleAnalyticsMapping()), SinkTestSupport.sampleAnalyticsMapping())) {
                once.start();
                awaitAllApplied(clean, ends);
            }

            for (TableDef table : model.allTables()) {
                assertThat(crashed.table(table.name())).as(table.name()).isEqualTo(clean.table(table.name()));
            }
            assertThat(crashed.table("accounts")).as("accounts").isNotEmpty();
            assertThat(catalog(crashed)).as("keys and indexes").isEqualTo(catalog(clean)).isNotEmpty();
            assertThat(crashed.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
            assertThat(clean.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
            assertThat(crashed.rows("SELECT collection, source_ts_ms FROM mongo2pg.progress ORDER BY 1"))
                    .isEqualTo(clean.rows("SELECT collection, source_ts_ms FROM mongo2pg.progress ORDER BY 1"));
        }
    }

    /** Every record applied, and the backfill over (keys and indexes rebuilt). */
    private void awaitAllApplied(PostgresFixture database, Map<TopicPartition, Long> ends) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> offsets(database).equals(ends)
                && database.count("SELECT count(*) FROM mongo2pg.backfill") == 0);
    }

    private Process startSink(PostgresFixture database, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dmongo2pg.root=" + SinkTestSupport.root(), "-cp", System.getProperty("java.class.path"),
                SinkProcessMain.class.getName()));
        config(database, "crashed").forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private Map<String, String> config(PostgresFixture database, String group) {
        Map<String, String> settings = new HashMap<>(Map.of(SinkConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                SinkConfig.TOPIC_PREFIX, PREFIX, SinkConfig.GROUP_ID, group, SinkConfig.JDBC_URL, database.jdbcUrl(),
                SinkConfig.SCHEMA, SinkTestSupport.SCHEMA, SinkConfig.MAX_BATCH_SIZE, "20",
                SinkConfig.POLL_TIMEOUT_MS, "100", SinkConfig.PARALLELISM, "2", SinkConfig.BACKFILL_IDLE_MS, "300"));
        settings.put(SinkConfig.RETRY_INITIAL_BACKOFF_MS, "20");
        // Static membership: a restarted sink takes its partitions back at once, not after the session timeout.
        settings.put(SinkConfig.KAFKA_PREFIX + "group.instance.id", group);
        return settings;
    }

    private int produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
        return records.size();
    }

    /** The offsets the sink stored; none before its first start created the control tables. */
    private static Map<TopicPartition, Long> offsets(PostgresFixture database) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (database.rows("SELECT to_regclass('mongo2pg.offsets') IS NOT NULL AS e").get(0).get("e").equals(false)) {
            return offsets;
        }
        database.rows("SELECT topic, partition, next_offset FROM mongo2pg.offsets WHERE next_offset > 0").forEach(r ->
                offsets.put(new TopicPartition((String) r.get("topic"), (Integer) r.get("partition")),
                        (Long) r.get("next_offset")));
        return offsets;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<String> catalog(PostgresFixture database) {
        return database.rows("SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d"
                + " FROM pg_constraint WHERE connamespace = 'app'::regnamespace UNION ALL SELECT indexdef FROM pg_indexes"
                + " WHERE schemaname = 'app' ORDER BY 1").stream().map(r -> (String) r.get("d")).toList();
    }

    private static String topic(String collection) {
        return SinkConfig.rowsTopic(PREFIX, collection);
    }
}
