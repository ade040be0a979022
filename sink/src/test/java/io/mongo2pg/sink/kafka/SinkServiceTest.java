package io.mongo2pg.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.SinkException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consume-apply loop with Kafka's in-memory {@link MockConsumer} (no broker) and a real PostgreSQL: seeking
 * from the stored offsets, dead letters for undecodable records, bounded close, surfaced failures. The same loop
 * against a real broker is covered end to end elsewhere.
 */
class SinkServiceTest {
    private static final String ACCOUNTS = "m2p.rows.accounts";
    private static final TopicPartition P0 = new TopicPartition(ACCOUNTS, 0);
    private static final TopicPartition P1 = new TopicPartition(ACCOUNTS, 1);

    private static PostgresFixture pg;
    private static Mapping mapping;
    private static RelationalModel model;
    private static List<BsonDocument> accounts;

    private MockConsumer<byte[], byte[]> consumer;
    private SinkConfig config;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresFixture.start();
        mapping = SinkTestSupport.sampleAnalyticsMapping();
        model = RelationalModel.of(mapping);
        accounts = SinkTestSupport.sampleAnalytics("accounts");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void setUp() {
        pg.reset(model);
        consumer = new MockConsumer<>("earliest");
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        config = SinkTestSupport.config(pg.jdbcUrl(), mapping);
    }

    @Test
    void shouldResumeFromPostgresOffsetsApplyAndDeadLetterUndecodableRecords() throws Exception {
        pg.execute("INSERT INTO mongo2pg.offsets VALUES ('" + ACCOUNTS + "', 0, 2)");
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 5; i++) {
                consumer.addRecord(record(0, i, accounts.get(i)));
            }
            consumer.addRecord(new ConsumerRecord<>(ACCOUNTS, 1, 0, null, "not json".getBytes(StandardCharsets.UTF_8)));
            consumer.addRecord(record(1, 1, accounts.get(10)));
        });

        try (SinkService service = new SinkService(config, model, pg.dataSource(), consumer)) {
            service.start();

            assertThat(service.awaitHandled(5, Duration.ofSeconds(30))).isTrue();
            assertThat(service.counters().snapshot().applied()).isEqualTo(4);
            assertThat(service.counters().snapshot().deadLetters()).isEqualTo(1);
        }

        assertThat(pg.rows("SELECT _id FROM app.accounts ORDER BY _id")).extracting(r -> r.get("_id"))
                .containsExactlyInAnyOrder(hex(2), hex(3), hex(4), hex(10));
        assertThat(pg.rows("SELECT partition, kafka_offset, payload FROM mongo2pg.dead_letters"))
                .containsExactly(Map.of("partition", 1, "kafka_offset", 0L, "payload", "not json"));
        assertThat(pg.rows("SELECT partition, next_offset FROM mongo2pg.offsets ORDER BY partition"))
                .containsExactly(Map.of("partition", 0, "next_offset", 5L), Map.of("partition", 1, "next_offset", 2L));
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldCommitOffsetsToKafkaAfterPostgres() throws Exception {
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, 0, accounts.get(0))));
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (SinkService service = new SinkService(config, model, pg.dataSource(), consumer)) {
            service.start();
            assertThat(service.awaitHandled(1, Duration.ofSeconds(30))).isTrue();
            committed = consumer.committed(java.util.Set.of(P0));
        }

        assertThat(committed).containsEntry(P0, new OffsetAndMetadata(1));
    }

    @Test
    void shouldSurfaceFailureAndStopTheLoop() throws Exception {
        pg.execute("DROP TABLE app.accounts");
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, 0, accounts.get(0))));
        SinkService service = new SinkService(config, model, pg.dataSource(), consumer);
        service.start();

        assertThatThrownBy(() -> service.completion().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SinkException.class)
                .hasMessageContaining("42P01");
        assertThat(service.failure()).isPresent();
        assertThat(service.isRunning()).isFalse();
        assertThat(service.awaitHandled(1, Duration.ofSeconds(5))).isFalse();
        assertThatThrownBy(service::close).isInstanceOf(SinkException.class).hasMessageContaining("42P01");
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.offsets")).isZero();
    }

    @Test
    void shouldStopPromptlyWhenClosedWhileIdle() {
        SinkService service = new SinkService(config, model, pg.dataSource(), consumer);
        service.start();

        service.close();

        assertThat(service.completion()).isCompleted();
        assertThat(service.failure()).isEmpty();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldCreateTablesWhenBuiltForProduction() {
        pg.execute("DROP SCHEMA app CASCADE", "DROP SCHEMA mongo2pg CASCADE");

        SinkService service = SinkService.create(config, mapping);
        service.close();

        assertThat(pg.count("SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('app', 'mongo2pg')"))
                .isEqualTo(8);
    }

    @Test
    void shouldConfigureTheConsumerForExactlyOnceFromPostgres() {
        Map<String, Object> props = SinkService.consumerProperties(config);

        assertThat(props).containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
                .containsEntry("max.poll.records", 1000).containsEntry("group.id", "mongo2pg-sink")
                .containsEntry("bootstrap.servers", "localhost:9092").containsEntry("auto.offset.reset", "earliest");
    }

    private ConsumerRecord<byte[], byte[]> record(int partition, long offset, BsonDocument account) {
        RowSet rowSet = new Normalizer(mapping).upsert("accounts", account, new SourcePosition("accounts", 1, 0, false, null));
        return new ConsumerRecord<>(ACCOUNTS, partition, offset, RowSetCodec.encodeKey(rowSet.id()), RowSetCodec.encode(rowSet));
    }

    private static String hex(int index) {
        return accounts.get(index).getObjectId("_id").getValue().toHexString();
    }
}
