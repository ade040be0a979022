package io.mongo2pg.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.metrics.SinkMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient failures for real: PostgreSQL is stopped (its connections dropped) and started again on the same data
 * directory and port while the sink applies a stream, and more records arrive meanwhile. The sink retries with
 * backoff, resumes by itself, and ends with the tables of a clean run. Its meters are checked on the way.
 */
class PostgresRestartTest {
    private static final String PREFIX = "restart";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void shouldRetryThroughAPostgresRestartUnderLoadAndEndAsACleanRun(@TempDir Path kafkaDir, @TempDir Path pgDir)
            throws Exception {
        Mapping mapping = SinkTestSupport.sampleAnalyticsMapping();
        List<ProducerRecord<byte[], byte[]>> stream = new ChangeStream(PREFIX).records();
        int half = stream.size() / 2;
        try (KafkaFixture kafka = KafkaFixture.start(kafkaDir); PostgresFixture clean = PostgresFixture.start()) {
            kafka.createTopics(Map.of(topic("accounts"), 2, topic("customers"), 2, topic("transactions"), 1));
            produce(kafka, stream.subList(0, half));
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgDir.resolve("pg"), 0);
            int port = server.port();
            String url = server.jdbcUrl();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SinkService sink = SinkService.create(config(kafka, url, "restarted"), mapping, registry);
            try {
                sink.start();
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> appliedRecords(url) > 100);
                server.close();
                // PostgreSQL is down: the sink keeps polling and failing; more changes arrive meanwhile.
                produce(kafka, stream.subList(half, stream.size()));
                // The sink is stuck retrying one batch, so it does not poll and its lag gauge is stale; the pool's
                // live gauge shows it waiting for PostgreSQL.
                await().atMost(TIMEOUT).until(() -> sink.counters().snapshot().handled() < stream.size()
                        && registry.get("hikaricp.connections.pending").gauge().value() > 0);
                server = EmbeddedPostgresServer.start(pgDir.resolve("pg"), port);

                Map<TopicPartition, Long> ends = ends(kafka);
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> offsets(url).equals(ends) && backfills(url) == 0);
                assertThat(sink.failure()).isEmpty();
                assertThat(sink.isRunning()).isTrue();
                await().atMost(TIMEOUT).untilAsserted(() ->
                        assertThat(registry.get(SinkMetrics.LAG).gauge().value()).isZero());
                assertThat(registry.get(SinkMetrics.ROWS).tag("path", "backfill").counter().count()).isPositive();
                assertThat(registry.get(SinkMetrics.ROWS).tag("path", "upsert").counter().count()).isPositive();
                assertThat(registry.get(SinkMetrics.BATCH).timer().count()).isPositive();
                assertThat(registry.get("hikaricp.connections.max").gauge().value()).isEqualTo(2.0);
            } finally {
                sink.close();
            }
            try (SinkService once = SinkService.create(config(kafka, clean.jdbcUrl(), "clean"), mapping)) {
                once.start();
                Map<TopicPartition, Long> ends = ends(kafka);
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> offsets(clean.jdbcUrl()).equals(ends)
                        && backfills(clean.jdbcUrl()) == 0);
            }
            try (PostgresFixture restarted = PostgresFixture.connect(url)) {
                for (TableDef table : RelationalModel.of(mapping).allTables()) {
                    assertThat(restarted.table(table.name())).as(table.name()).isEqualTo(clean.table(table.name()));
                }
                assertThat(restarted.count("SELECT count(*) FROM app.customers")).isPositive();
                assertThat(restarted.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
            } finally {
                server.close();
            }
        }
    }

    private static SinkConfig config(KafkaFixture kafka, String jdbcUrl, String group) {
        Map<String, String> settings = new HashMap<>(Map.of(SinkConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                SinkConfig.TOPIC_PREFIX, PREFIX, SinkConfig.GROUP_ID, group, SinkConfig.JDBC_URL, jdbcUrl,
                SinkConfig.SCHEMA, SinkTestSupport.SCHEMA, SinkConfig.MAX_BATCH_SIZE, "20",
                SinkConfig.POLL_TIMEOUT_MS, "100", SinkConfig.BACKFILL_IDLE_MS, "300",
                SinkConfig.RETRY_MAX_ATTEMPTS, "100", SinkConfig.RETRY_INITIAL_BACKOFF_MS, "50"));
        settings.put(SinkConfig.RETRY_MAX_BACKOFF_MS, "500");
        return SinkConfig.parse(settings, SinkTestSupport.sampleAnalyticsMapping());
    }

    private static void produce(KafkaFixture kafka, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
    }

    private static Map<TopicPartition, Long> ends(KafkaFixture kafka) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String collection : List.of("accounts", "customers")) {
            partitions.add(new TopicPartition(topic(collection), 0));
            partitions.add(new TopicPartition(topic(collection), 1));
        }
        return kafka.endOffsets(partitions);
    }

    private static long appliedRecords(String url) throws Exception {
        return offsets(url).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> offsets(String url) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT topic, partition, next_offset FROM mongo2pg.offsets WHERE next_offset > 0")) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return offsets;
    }

    private static long backfills(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM mongo2pg.backfill")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String topic(String collection) {
        return SinkConfig.rowsTopic(PREFIX, collection);
    }
}
