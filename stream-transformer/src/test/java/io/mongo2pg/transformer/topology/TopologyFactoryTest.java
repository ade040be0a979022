package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.DebeziumRecords;
import io.mongo2pg.transformer.TestData;
import io.mongo2pg.transformer.event.EnvelopeException;
import io.mongo2pg.transformer.event.Operation;
import io.mongo2pg.transformer.metrics.TransformerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The production topology, driven with Debezium records for sample_analytics and the real example mapping. */
class TopologyFactoryTest {
    private static final String PREFIX = "mongo2pg";
    private static final String DB = "sample_analytics";
    private static final TransformerConfig CONFIG = TransformerConfig.of("localhost:9092", "mongo2pg-test", PREFIX, DB)
            .withReplicationFactor(1);
    private static final DebeziumRecords CUSTOMERS = new DebeziumRecords(PREFIX, DB, "customers");
    private static final DebeziumRecords ACCOUNTS = new DebeziumRecords(PREFIX, DB, "accounts");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> customerChanges;
    private TestInputTopic<byte[], byte[]> accountChanges;
    private TestOutputTopic<byte[], byte[]> customerRows;
    private TestOutputTopic<byte[], byte[]> accountRows;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = CONFIG.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TopologyFactory.build(CONFIG, TestData.sampleAnalyticsMapping(),
                new TransformerMetrics(meters), RowSetSerializers.forConfig(CONFIG, TestData.sampleAnalyticsMapping())),
                props);
        customerChanges = input("mongo2pg.sample_analytics.customers");
        accountChanges = input("mongo2pg.sample_analytics.accounts");
        customerRows = output("mongo2pg.rows.customers");
        accountRows = output("mongo2pg.rows.accounts");
        deadLetters = output("mongo2pg.deadletters");
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldEmitUpsertsAndDeleteForReadUpdateDeleteTombstoneCreate() {
        BsonDocument customer = TestData.sampleAnalytics("customers", 0);
        BsonDocument shrunk = customer.clone().append("name", new BsonString("Elizabeth Ray-Miller"))
                .append("accounts", new BsonArray(List.of(new BsonInt32(371138), new BsonInt32(324287))));
        BsonValue id = customer.get("_id");

        pipe(customerChanges, id, CUSTOMERS.value(Operation.READ, customer, 1000, 1));
        pipe(customerChanges, id, CUSTOMERS.value(Operation.UPDATE, shrunk, 2000, 1));
        pipe(customerChanges, id, CUSTOMERS.value(Operation.DELETE, null, 3000, 2));
        customerChanges.pipeInput(key(id), (byte[]) null); // the tombstone after a delete
        pipe(customerChanges, id, CUSTOMERS.value(Operation.CREATE, customer, 4000, 1));

        List<TestRecord<byte[], byte[]>> out = customerRows.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).allSatisfy(k -> assertThat(k).isEqualTo(RowSetCodec.encodeKey(id)));
        assertThat(out).extracting(r -> TestData.rowSet(r.value())).containsExactly(
                customerUpsert(customer, "Elizabeth Ray", source(1000, 1, true), 371138, 324287, 276528, 332179, 422649,
                        387979),
                customerUpsert(customer, "Elizabeth Ray-Miller", source(2000, 1, false), 371138, 324287),
                RowSet.delete("customers", id, source(3000, 2, false)),
                customerUpsert(customer, "Elizabeth Ray", source(4000, 1, false), 371138, 324287, 276528, 332179,
                        422649, 387979));
        assertThat(TestData.rowSet(out.get(1).value()).rows()).as("the shrunk array yields fewer link rows")
                .filteredOn(r -> r.table().equals("customer_accounts")).hasSize(2);
        assertNoMoreOutput();
    }

    @Test
    void shouldSkipAndCountUpdateWhoseDocumentWasDeletedSince() {
        BsonDocument customer = TestData.sampleAnalytics("customers", 1);
        BsonValue id = customer.get("_id");

        pipe(customerChanges, id, CUSTOMERS.value(Operation.UPDATE, null, 1000, 1));
        pipe(customerChanges, id, CUSTOMERS.value(Operation.DELETE, null, 1000, 2));

        assertThat(customerRows.readValuesToList()).extracting(TestData::rowSet)
                .containsExactly(RowSet.delete("customers", id, source(1000, 2, false)));
        assertThat(metricTotal("updates.skipped", "customers")).isEqualTo(1.0);
        assertNoMoreOutput();
    }

    @Test
    void shouldRouteCorruptValueToDeadLettersAndKeepGoing() {
        BsonDocument first = TestData.sampleAnalytics("customers", 2);
        BsonDocument second = TestData.sampleAnalytics("customers", 3);
        byte[] corrupt = "{\"before\": null, \"after\": \"{\\\"_id\\\"".getBytes(StandardCharsets.UTF_8);
        RecordHeaders originalHeaders = new RecordHeaders();
        originalHeaders.add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        pipe(customerChanges, first.get("_id"), CUSTOMERS.value(Operation.CREATE, first, 1000, 1));
        customerChanges.pipeInput(new TestRecord<>(key(second.get("_id")), corrupt, originalHeaders));
        pipe(customerChanges, second.get("_id"), CUSTOMERS.value(Operation.CREATE, second, 1001, 1));

        assertThat(customerRows.readValuesToList()).extracting(v -> TestData.rowSet(v).id())
                .containsExactly(first.get("_id"), second.get("_id"));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key(second.get("_id")));
        assertThat(dead.value()).isEqualTo(corrupt);
        assertThat(header(dead, "trace")).isEqualTo("abc");
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON)).startsWith("The record value is not valid JSON");
        assertThat(header(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(EnvelopeException.class.getName());
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mongo2pg.sample_analytics.customers");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead, DeadLetterHeaders.COLLECTION)).isEqualTo("customers");
        assertThat(header(dead, DeadLetterHeaders.ID)).isEqualTo(canonicalId(second));
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.FIELD_PATH)).isNull();
        assertThat(metricTotal("dead.letters", "customers")).isEqualTo(1.0);
        assertNoMoreOutput();
    }

    @Test
    void shouldRouteUnmappableDocumentToDeadLettersAndKeepGoing() {
        BsonDocument good = TestData.sampleAnalytics("accounts", 0);
        BsonDocument bad = TestData.sampleAnalytics("accounts", 1).append("account_id", new BsonString("557378"));
        BsonDocument next = TestData.sampleAnalytics("accounts", 2);
        String badValue = ACCOUNTS.value(Operation.CREATE, bad, 1001, 1);

        pipe(accountChanges, good.get("_id"), ACCOUNTS.value(Operation.READ, good, 1000, 1));
        pipe(accountChanges, bad.get("_id"), badValue);
        pipe(accountChanges, next.get("_id"), ACCOUNTS.value(Operation.CREATE, next, 1002, 1));

        assertThat(accountRows.readRecordsToList()).extracting(r -> RowSetCodec.decodeKey(r.key()))
                .containsExactly(good.get("_id"), next.get("_id"));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key(bad.get("_id")));
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(badValue);
        assertThat(header(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(DocumentMappingException.class.getName());
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON)).contains("expected integer")
                .contains("found string \"557378\"");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mongo2pg.sample_analytics.accounts");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead, DeadLetterHeaders.COLLECTION)).isEqualTo("accounts");
        assertThat(header(dead, DeadLetterHeaders.ID)).isEqualTo(canonicalId(bad));
        assertThat(header(dead, DeadLetterHeaders.FIELD_PATH)).isEqualTo("account_id");
        assertNoMoreOutput();
    }

    /** A NUL reaches Debezium's JSON only as an escape; the one-pass reader must leave such text to be checked. */
    @Test
    void shouldRouteDocumentWithNulToDeadLettersWithItsPathAndKeepGoing() {
        BsonDocument good = TestData.sampleAnalytics("accounts", 0).append("note", new BsonString("a \\u0000 b"));
        BsonDocument bad = TestData.sampleAnalytics("accounts", 1).append("note", new BsonString("a \u0000 b"));
        BsonDocument next = TestData.sampleAnalytics("accounts", 2).append("note", new BsonString("lone \uD800"));

        pipe(accountChanges, good.get("_id"), ACCOUNTS.value(Operation.READ, good, 1000, 1));
        pipe(accountChanges, bad.get("_id"), ACCOUNTS.value(Operation.CREATE, bad, 1001, 1));
        pipe(accountChanges, next.get("_id"), ACCOUNTS.value(Operation.CREATE, next, 1002, 1));

        assertThat(accountRows.readRecordsToList()).extracting(r -> RowSetCodec.decodeKey(r.key()))
                .containsExactly(good.get("_id"));
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.ID)).containsExactly(canonicalId(bad),
                canonicalId(next));
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.FIELD_PATH)).containsExactly("note", "note");
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_REASON)).contains("U+0000");
        assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_REASON)).contains("lone UTF-16 surrogate");
        assertNoMoreOutput();
    }

    @Test
    void shouldRouteRecordWithoutKeyToDeadLettersWithoutId() {
        BsonDocument account = TestData.sampleAnalytics("accounts", 3);

        accountChanges.pipeInput(null, bytes(ACCOUNTS.value(Operation.CREATE, account, 1000, 1)));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON)).startsWith("The record has no key");
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.ID)).isNull();
        assertNoMoreOutput();
    }

    @Test
    void shouldRouteEventOfAnotherCollectionToDeadLetters() {
        BsonDocument account = TestData.sampleAnalytics("accounts", 4);

        pipe(customerChanges, account.get("_id"), ACCOUNTS.value(Operation.CREATE, account, 1000, 1));

        assertThat(header(deadLetters.readRecord(), DeadLetterHeaders.ERROR_REASON)).contains(
                "is for collection 'sample_analytics.accounts' but arrived on the change topic of "
                        + "'sample_analytics.customers'");
        assertNoMoreOutput();
    }

    @Test
    void shouldRefuseDatabaseWhoseChangeTopicsAreTheOutputTopics() {
        TransformerConfig clash = TransformerConfig.of("localhost:9092", "app", PREFIX, "rows");

        assertThatThrownBy(() -> TopologyFactory.build(clash, TestData.sampleAnalyticsMapping()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would read its own output")
                .hasMessageContaining("mongo2pg.rows.accounts");
        assertNoMoreOutput();
    }

    @Test
    void shouldProcessEachCollectionInItsOwnSubtopologyFromExactTopics() {
        var description = TopologyFactory.build(CONFIG, TestData.sampleAnalyticsMapping()).describe();

        assertThat(description.subtopologies()).hasSize(3);
        assertThat(TopologyFactory.inputTopics(CONFIG, TestData.sampleAnalyticsMapping())).containsExactly(
                "mongo2pg.sample_analytics.accounts", "mongo2pg.sample_analytics.customers",
                "mongo2pg.sample_analytics.transactions");
        assertThat(TopologyFactory.outputTopics(CONFIG, TestData.sampleAnalyticsMapping())).containsExactly(
                "mongo2pg.rows.accounts", "mongo2pg.rows.customers", "mongo2pg.rows.transactions",
                "mongo2pg.deadletters");
        assertNoMoreOutput();
    }

    private static RowSet customerUpsert(BsonDocument customer, String name, SourcePosition source, int... accounts) {
        BsonValue id = customer.get("_id");
        BsonDocument root = new BsonDocument("_id", id)
                .append("username", new BsonString("fmiller"))
                .append("name", new BsonString(name))
                .append("address", new BsonString("9286 Bethany Glens\nVasqueztown, CO 22939"))
                .append("birthdate", new BsonDateTime(226117231000L))
                .append("email", new BsonString("arroyocolton@gmail.com"))
                .append("active", BsonBoolean.TRUE)
                .append("tier_and_details", customer.getDocument("tier_and_details"))
                .append("referral_code", BsonNull.VALUE)
                .append("_extra", BsonNull.VALUE);
        List<Row> rows = new ArrayList<>(List.of(new Row("customers", root)));
        for (int i = 0; i < accounts.length; i++) {
            rows.add(new Row("customer_accounts", new BsonDocument("_root_id", id).append("_ord", new BsonInt32(i))
                    .append("account_id", new BsonInt32(accounts[i]))));
        }
        return new RowSet("customers", io.mongo2pg.mapping.row.Operation.UPSERT, id, source, rows);
    }

    private static SourcePosition source(long tsMs, int ord, boolean snapshot) {
        return new SourcePosition("customers", tsMs, ord, snapshot, null);
    }

    private double metricTotal(String name, String collection) {
        return meters.get(TransformerMetrics.PREFIX + name).tag("collection", collection).counter().count();
    }

    private void assertNoMoreOutput() {
        assertThat(customerRows.isEmpty()).as("customer rows left").isTrue();
        assertThat(accountRows.isEmpty()).as("account rows left").isTrue();
        assertThat(deadLetters.isEmpty()).as("dead letters left").isTrue();
    }

    private static void pipe(TestInputTopic<byte[], byte[]> topic, BsonValue id, String value) {
        topic.pipeInput(key(id), bytes(value));
    }

    private static byte[] key(BsonValue id) {
        return bytes(DebeziumRecords.key(id));
    }

    private static String canonicalId(BsonDocument document) {
        return ExtendedJson.canonical(document.get("_id"));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private TestInputTopic<byte[], byte[]> input(String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
