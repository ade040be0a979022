package io.mongo2pg.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.kafka.SinkCounters.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consume-apply loop against a real Kafka broker (KRaft, in this JVM) and a real PostgreSQL, both started once
 * for the class. Every test has its own topics, consumer group and database (so its own target and control
 * schemas), and feeds the sink RowSets normalized from the real sample_analytics documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkServiceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCOUNTS = "accounts";
    private static final String CUSTOMERS = "customers";

    private KafkaFixture kafka;
    private PostgresFixture server;
    private Mapping mapping;
    private RelationalModel model;
    private Normalizer normalizer;
    private List<BsonDocument> accounts;
    private List<BsonDocument> customers;
    private int testNumber;

    private final List<PostgresFixture> databases = new ArrayList<>();
    private String prefix;
    private String group;
    private PostgresFixture db;
    private SinkConfig config;

    @BeforeAll
    void startServers(@TempDir Path kafkaDir) {
        kafka = KafkaFixture.start(kafkaDir);
        server = PostgresFixture.start();
        mapping = SinkTestSupport.sampleAnalyticsMapping();
        model = RelationalModel.of(mapping);
        normalizer = new Normalizer(mapping);
        accounts = SinkTestSupport.sampleAnalytics(ACCOUNTS);
        customers = SinkTestSupport.sampleAnalytics(CUSTOMERS);
    }

    @AfterAll
    void stopServers() throws Exception {
        try (PostgresFixture pg = server) {
            kafka.close();
        }
    }

    @BeforeEach
    void freshTopicsGroupAndDatabase() throws Exception {
        testNumber++;
        prefix = "m2p-" + testNumber;
        group = "sink-" + testNumber;
        kafka.createTopics(Map.of(rows(ACCOUNTS), 2, rows(CUSTOMERS), 1, rows("transactions"), 1));
        db = database("sink_" + testNumber);
        config = config(group, db, Map.of());
    }

    @AfterEach
    void closeDatabases() throws Exception {
        for (PostgresFixture database : databases) {
            database.close();
        }
        databases.clear();
    }

    @Test
    void shouldSeekToPostgresOffsetsOnAssignmentAndDeadLetterUndecodableRecords() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < 5; i++) {
                send(producer, 0, upsert(ACCOUNTS, accounts.get(i)));
            }
            producer.send(new ProducerRecord<>(rows(ACCOUNTS), 1, null, "not json".getBytes(StandardCharsets.UTF_8))).get();
            send(producer, 1, upsert(ACCOUNTS, accounts.get(10)));
        }

        try (SinkService service = SinkService.create(config, mapping)) {
            db.execute("INSERT INTO mongo2pg.offsets (target_schema, topic, partition, next_offset) VALUES ('"
                    + SinkTestSupport.SCHEMA + "', '" + rows(ACCOUNTS) + "', 0, 2)");
            service.start();
            awaitSink(service).until(() -> service.counters().snapshot().handled() >= 5);

            // Offsets 0 and 1 of partition 0 were never delivered: not even skipped.
            assertThat(service.counters().snapshot()).extracting(Snapshot::applied, Snapshot::skipped,
                    Snapshot::deadLetters).containsExactly(4L, 0L, 1L);
        }
        assertThat(db.rows("SELECT _id FROM app.accounts")).extracting(r -> r.get("_id"))
                .containsExactlyInAnyOrder(hex(2), hex(3), hex(4), hex(10));
        assertThat(db.rows("SELECT topic, partition, kafka_offset, payload FROM mongo2pg.dead_letters"))
                .containsExactly(Map.of("topic", rows(ACCOUNTS), "partition", 1, "kafka_offset", 0L, "payload", "not json"));
        assertThat(postgresOffsets(db)).isEqualTo(Map.of(partition(0), 5L, partition(1), 2L));
    }

    @Test
    void shouldCommitToKafkaTheOffsetsCommittedToPostgres() throws Exception {
        produce(accounts.subList(0, 20).stream().map(a -> record(null, upsert(ACCOUNTS, a))).toList());

        try (SinkService service = SinkService.create(config, mapping)) {
            service.start();
            awaitSink(service).until(() -> service.counters().snapshot().handled() >= 20);
            Map<TopicPartition, Long> inPostgres = postgresOffsets(db);

            assertThat(inPostgres).isEqualTo(kafka.endOffsets(List.of(partition(0), partition(1))));
            awaitSink(service).untilAsserted(() -> assertThat(kafka.committedOffsets(group)).isEqualTo(inPostgres));
        }
        assertThat(db.count("SELECT count(*) FROM app.accounts")).isEqualTo(20);
    }

    @Test
    void shouldSurfaceFailureAndStopTheLoop() throws Exception {
        produce(List.of(record(0, upsert(ACCOUNTS, accounts.get(0)))));
        SinkService service = SinkService.create(config, mapping);
        db.execute("DROP TABLE app.accounts");
        service.start();

        assertThatThrownBy(() -> service.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(SinkException.class).hasMessageContaining("42P01");
        assertThat(service.failure()).isPresent();
        assertThat(service.isRunning()).isFalse();
        assertThatThrownBy(service::close).isInstanceOf(SinkException.class).hasMessageContaining("42P01");
        assertThat(db.count("SELECT count(*) FROM mongo2pg.offsets")).isZero();
        assertThat(kafka.committedOffsets(group)).isEmpty();
    }

    @Test
    void shouldStopPromptlyAndLeaveTheGroupWhenClosedWhileIdle() throws Exception {
        SinkService service = SinkService.create(config, mapping);
        service.start();
        awaitAssigned(group, 4);

        long started = System.nanoTime();
        service.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(config.closeTimeout());
        assertThat(service.completion()).isCompleted();
        assertThat(service.failure()).isEmpty();
        // Left the group on close: a replacement gets the partitions without waiting for the session timeout.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.members(group)).isZero());
    }

    @Test
    void shouldGiveUpClosingWithinTheBoundWhilePostgresBlocksTheBatch() throws Exception {
        SinkConfig quickClose = config(group, db, Map.of(SinkConfig.CLOSE_TIMEOUT_MS, "1000"));
        db.reset(model);
        SinkService service = new SinkService(quickClose, model, db.dataSource(),
                new KafkaConsumer<>(SinkService.consumerProperties(quickClose)));
        try (Connection blocker = DriverManager.getConnection(db.jdbcUrl()); Statement st = blocker.createStatement()) {
            service.start();
            awaitAssigned(group, 4);
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE mongo2pg.offsets IN ACCESS EXCLUSIVE MODE");
            produce(List.of(record(0, upsert(ACCOUNTS, accounts.get(0)))));
            await().atMost(TIMEOUT).until(() -> server.count("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                    + "sink_" + testNumber + "' AND application_name = 'mongo2pg-sink' AND wait_event_type = 'Lock'") == 1);

            long started = System.nanoTime();
            assertThatThrownBy(service::close).isInstanceOf(SinkException.class)
                    .hasMessageContaining("did not stop within 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2000),
                    Duration.ofMillis(4000));
            blocker.rollback();
        }
        // Once PostgreSQL lets go the loop ends; its thread was interrupted, so Kafka's client reports that as failure.
        await().atMost(TIMEOUT).until(() -> service.completion().isDone());
        assertThat(service.isRunning()).isFalse();
        // Whatever the interruption cut short, the rows and their offset were committed together or not at all.
        assertThat(db.count("SELECT count(*) FROM app.accounts"))
                .isEqualTo(postgresOffsets(db).getOrDefault(partition(0), 0L));
    }

    @Test
    void shouldApplyOnlyCommittedProducerTransactions() throws Exception {
        BsonDocument changed = accounts.get(0).clone();
        changed.put("limit", new BsonInt32(1));
        changed.put("products", new BsonArray());
        long lastCommitted;
        try (KafkaProducer<byte[], byte[]> producer = kafka.transactionalProducer("tx-" + testNumber)) {
            inTransaction(producer, accounts.subList(0, 5));
            producer.beginTransaction();
            send(producer, 0, upsert(ACCOUNTS, changed));
            for (BsonDocument account : accounts.subList(5, 10)) {
                send(producer, 0, upsert(ACCOUNTS, account));
            }
            producer.abortTransaction();
            lastCommitted = inTransaction(producer, accounts.subList(10, 12)).offset();
        }

        try (SinkService service = SinkService.create(config, mapping)) {
            service.start();
            awaitSink(service).until(() -> postgresOffsets(db).getOrDefault(partition(0), 0L) == lastCommitted + 1);
            assertThat(service.counters().snapshot()).extracting(Snapshot::applied, Snapshot::skipped,
                    Snapshot::deadLetters).containsExactly(7L, 0L, 0L);
        }
        assertThat(db.rows("SELECT _id FROM app.accounts")).extracting(r -> r.get("_id"))
                .containsExactlyInAnyOrder(hex(0), hex(1), hex(2), hex(3), hex(4), hex(10), hex(11));
        assertThat(db.rows("SELECT \"limit\", cardinality(products) AS n FROM app.accounts WHERE _id = '" + hex(0) + "'"))
                .containsExactly(Map.of("limit", accounts.get(0).getInt32("limit").getValue(),
                        "n", accounts.get(0).getArray("products").size()));
    }

    @Test
    void shouldEndIdenticalToOneCleanRunWhenStoppedMidStreamAndRestarted() throws Exception {
        List<ProducerRecord<byte[], byte[]>> first = firstHalfOfStream();
        List<ProducerRecord<byte[], byte[]>> second = secondHalfOfStream();
        SinkConfig smallBatches = config(group, db, Map.of(SinkConfig.MAX_BATCH_SIZE, "10"));

        produce(first);
        SinkService interrupted = SinkService.create(smallBatches, mapping);
        try {
            interrupted.start();
            awaitSink(interrupted).until(() -> interrupted.counters().snapshot().handled() >= 100);
        } finally {
            interrupted.close();
        }
        Snapshot stopped = interrupted.counters().snapshot();
        produce(second);
        Snapshot resumed = runToEnd(smallBatches, db);

        PostgresFixture clean = database("sink_" + testNumber + "_clean");
        Snapshot once = runToEnd(config("clean-" + testNumber, clean, Map.of()), clean);

        int total = first.size() + second.size();
        assertThat(stopped.handled()).as("handled before the stop").isLessThan(total);
        assertThat(stopped.handled() + resumed.handled()).as("handled across the restart").isEqualTo(total);
        assertThat(once.handled()).isEqualTo(total);
        assertThat(List.of(stopped, resumed, once)).allSatisfy(s -> {
            assertThat(s.skipped()).isZero();
            assertThat(s.deadLetters()).isZero();
        });
        for (TableDef table : model.allTables()) {
            assertThat(db.table(table.name())).as(table.name()).isEqualTo(clean.table(table.name()));
        }
        assertThat(postgresOffsets(db)).isEqualTo(postgresOffsets(clean));
        assertThat(db.count("SELECT count(*) FROM app.accounts")).isEqualTo(accounts.size());
        assertThat(db.count("SELECT count(*) FROM app.customers")).isEqualTo(customers.size() - 20);
    }

    @Test
    void shouldNotReapplyRecordsWhenKafkaOffsetsAreResetBehindPostgres() throws Exception {
        produce(accounts.subList(0, 5).stream().map(a -> record(0, upsert(ACCOUNTS, a))).toList());
        try (SinkService service = SinkService.create(config, mapping)) {
            service.start();
            awaitSink(service).untilAsserted(() -> assertThat(kafka.committedOffsets(group)).containsEntry(partition(0), 5L));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.members(group)).isZero());
        kafka.resetOffsets(group, Map.of(partition(0), 0L));
        assertThat(kafka.committedOffsets(group)).containsEntry(partition(0), 0L);
        produce(List.of(record(0, upsert(ACCOUNTS, accounts.get(5)))));

        try (SinkService service = SinkService.create(config, mapping)) {
            service.start();
            awaitSink(service).until(() -> service.counters().snapshot().handled() >= 1);
            awaitSink(service).untilAsserted(() -> assertThat(kafka.committedOffsets(group)).containsEntry(partition(0), 6L));

            // Sought to PostgreSQL's offset 5: the records Kafka would redeliver from 0 are not even read.
            assertThat(service.counters().snapshot()).extracting(Snapshot::applied, Snapshot::skipped).containsExactly(1L, 0L);
        }
        assertThat(postgresOffsets(db)).isEqualTo(Map.of(partition(0), 6L));
        assertThat(db.count("SELECT count(*) FROM app.accounts")).isEqualTo(6);
    }

    @Test
    void shouldApplyEachRecordOnceWhenTwoSinksReceiveItAndSkipItInTheOther() throws Exception {
        String otherGroup = "other-" + testNumber;
        try (SinkService sink = SinkService.create(config, mapping);
             SinkService other = SinkService.create(config(otherGroup, db, Map.of(SinkConfig.MAX_BATCH_SIZE, "7")), mapping)) {
            sink.start();
            other.start();
            awaitAssigned(group, 4);
            awaitAssigned(otherGroup, 4);
            produce(accounts.subList(0, 30).stream().map(a -> record(0, upsert(ACCOUNTS, a))).toList());

            awaitSink(sink, other).until(() -> sink.counters().snapshot().handled() == 30
                    && other.counters().snapshot().handled() == 30);
            Snapshot a = sink.counters().snapshot();
            Snapshot b = other.counters().snapshot();

            assertThat(a.applied() + b.applied()).as("applied by either sink").isEqualTo(30);
            assertThat(a.skipped() + b.skipped()).as("skipped as already applied").isEqualTo(30);
        }
        assertThat(postgresOffsets(db)).isEqualTo(Map.of(partition(0), 30L));
        assertThat(db.count("SELECT count(*) FROM app.accounts")).isEqualTo(30);
    }

    @Test
    void shouldCreateTablesWhenBuiltForProduction() {
        SinkService service = SinkService.create(config, mapping);
        service.close();

        assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('app', 'mongo2pg')"))
                .isEqualTo(10);
    }

    @Test
    void shouldConfigureTheConsumerForExactlyOnceFromPostgres() {
        Map<String, Object> props = SinkService.consumerProperties(SinkTestSupport.config(db.jdbcUrl(), mapping));

        assertThat(props).containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
                .containsEntry("max.poll.records", 1000).containsEntry("group.id", "mongo2pg-sink")
                .containsEntry("bootstrap.servers", "localhost:9092").containsEntry("auto.offset.reset", "earliest");
    }

    /** Half the accounts and customers, as first inserted. */
    private List<ProducerRecord<byte[], byte[]>> firstHalfOfStream() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        accounts.subList(0, accounts.size() / 2).forEach(a -> records.add(record(null, upsert(ACCOUNTS, a))));
        customers.subList(0, customers.size() / 2).forEach(c -> records.add(record(null, upsert(CUSTOMERS, c))));
        return records;
    }

    /** The other half, then changes to documents of the first: accounts with fewer products, customers deleted. */
    private List<ProducerRecord<byte[], byte[]>> secondHalfOfStream() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        accounts.subList(accounts.size() / 2, accounts.size()).forEach(a -> records.add(record(null, upsert(ACCOUNTS, a))));
        customers.subList(customers.size() / 2, customers.size())
                .forEach(c -> records.add(record(null, upsert(CUSTOMERS, c))));
        for (BsonDocument account : accounts.subList(0, 50)) {
            BsonDocument changed = account.clone();
            changed.put("limit", new BsonInt32(account.getInt32("limit").getValue() + 1));
            changed.put("products", new BsonArray(account.getArray("products").subList(0, 1)));
            records.add(record(null, upsert(ACCOUNTS, changed)));
        }
        for (BsonDocument customer : customers.subList(0, 20)) {
            RowSet delete = RowSet.delete(CUSTOMERS, customer.get("_id"), new SourcePosition(CUSTOMERS, 2, 0, false, null));
            records.add(new ProducerRecord<>(rows(CUSTOMERS), RowSetCodec.encodeKey(delete.id()), RowSetCodec.encode(delete)));
        }
        return records;
    }

    /** Runs a sink until PostgreSQL holds the end offset of every partition with records, then closes it. */
    private Snapshot runToEnd(SinkConfig sinkConfig, PostgresFixture database) throws Exception {
        List<TopicPartition> partitions = List.of(partition(0), partition(1), new TopicPartition(rows(CUSTOMERS), 0));
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
        SinkService service = SinkService.create(sinkConfig, mapping);
        try {
            service.start();
            awaitSink(service).until(() -> postgresOffsets(database).equals(ends));
        } finally {
            service.close();
        }
        return service.counters().snapshot(); // final: close waited for the loop
    }

    private RecordMetadata inTransaction(KafkaProducer<byte[], byte[]> producer, List<BsonDocument> batch)
            throws ExecutionException, InterruptedException {
        producer.beginTransaction();
        RecordMetadata last = null;
        for (BsonDocument account : batch) {
            last = send(producer, 0, upsert(ACCOUNTS, account));
        }
        producer.commitTransaction();
        return last;
    }

    private void produce(List<ProducerRecord<byte[], byte[]>> records) throws ExecutionException, InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(); // a failed send fails the test here rather than showing up as a missing row
            }
        }
    }

    private RecordMetadata send(KafkaProducer<byte[], byte[]> producer, int accountsPartition, RowSet rowSet)
            throws ExecutionException, InterruptedException {
        return producer.send(record(accountsPartition, rowSet)).get();
    }

    /** A record of {@code rowSet} on its collection's topic, in {@code accountsPartition} or by its key if null. */
    private ProducerRecord<byte[], byte[]> record(Integer accountsPartition, RowSet rowSet) {
        return new ProducerRecord<>(rows(rowSet.collection()), accountsPartition, RowSetCodec.encodeKey(rowSet.id()),
                RowSetCodec.encode(rowSet));
    }

    private RowSet upsert(String collection, BsonDocument document) {
        return normalizer.upsert(collection, document, new SourcePosition(collection, 1, 0, false, null));
    }

    private SinkConfig config(String groupId, PostgresFixture database, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(SinkConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                SinkConfig.TOPIC_PREFIX, prefix, SinkConfig.GROUP_ID, groupId, SinkConfig.JDBC_URL, database.jdbcUrl(),
                SinkConfig.SCHEMA, SinkTestSupport.SCHEMA, SinkConfig.POLL_TIMEOUT_MS, "100",
                SinkConfig.CLOSE_TIMEOUT_MS, "10000", SinkConfig.RETRY_INITIAL_BACKOFF_MS, "10",
                SinkConfig.RETRY_MAX_BACKOFF_MS, "50"));
        props.putAll(overrides);
        return SinkConfig.parse(props, mapping);
    }

    private PostgresFixture database(String name) {
        PostgresFixture database = server.createDatabase(name);
        databases.add(database);
        return database;
    }

    private Map<TopicPartition, Long> postgresOffsets(PostgresFixture database) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        database.rows("SELECT topic, partition, next_offset FROM mongo2pg.offsets").forEach(r -> offsets.put(
                new TopicPartition((String) r.get("topic"), (Integer) r.get("partition")), (Long) r.get("next_offset")));
        return offsets;
    }

    private void awaitAssigned(String groupId, int partitions) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.assignedPartitions(groupId)).hasSize(partitions));
    }

    /** Waits for a condition on running sinks, failing at once with the cause when one of them stops failed. */
    private static ConditionFactory awaitSink(SinkService... services) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).failFast("a sink stopped with a failure", () -> {
            for (SinkService service : services) {
                assertThat(service.failure()).isEmpty();
            }
        });
    }

    private String rows(String collection) {
        return SinkConfig.rowsTopic(prefix, collection);
    }

    private TopicPartition partition(int accountsPartition) {
        return new TopicPartition(rows(ACCOUNTS), accountsPartition);
    }

    private String hex(int index) {
        return accounts.get(index).getObjectId("_id").getValue().toHexString();
    }
}
