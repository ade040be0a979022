package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.transformer.DebeziumRecords;
import io.mongo2pg.transformer.DebeziumRecords.Delta;
import io.mongo2pg.transformer.TestData;
import io.mongo2pg.transformer.event.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Capture mode {@code change_streams}: a snapshot read then only update descriptions. The same changes sent as full
 * documents ({@code change_streams_update_full}) through the same topology must give the same RowSets. The deltas
 * are written as MongoDB's change streams report each operator: {@code $inc} and {@code $addToSet} report the
 * resulting value, {@code $push} the new element's index, {@code $pull} the new size plus the shifted elements,
 * positional {@code $} the matched element's index, {@code $unset} the removed path.
 */
class DeltaCaptureTest {
    private static final String PREFIX = "mongo2pg";
    private static final String DB = "sample_analytics";
    private static final TransformerConfig FULL = TransformerConfig.of("localhost:9092", "mongo2pg-test", PREFIX, DB)
            .withReplicationFactor(1);
    private static final TransformerConfig DELTAS = FULL.withCaptureMode(CaptureMode.CHANGE_STREAMS);
    private static final DebeziumRecords CUSTOMERS = new DebeziumRecords(PREFIX, DB, "customers");
    private static final DebeziumRecords TRANSACTIONS = new DebeziumRecords(PREFIX, DB, "transactions");

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDirs;

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void shouldGiveTheSameRowSetsFromDeltasAsFromFullDocumentsForEveryUpdateOperator() {
        BsonDocument customer = TestData.sampleAnalytics("customers", 0);
        String tier = "0df078f33aa74a2e9696e0520c1a828a";
        List<Step> steps = List.of(
                new Step("$set name", Delta.set(doc("{name: 'Elizabeth Ray-Miller'}")),
                        d -> d.put("name", new BsonString("Elizabeth Ray-Miller"))),
                new Step("$set of a missing subdocument", Delta.set(doc("{referral: {code: 'R1', by: 'web'}}")),
                        d -> d.put("referral", doc("{code: 'R1', by: 'web'}"))),
                new Step("$set of a nested field", Delta.set(doc("{'referral.code': 'R2'}")),
                        d -> d.getDocument("referral").put("code", new BsonString("R2"))),
                new Step("$push", Delta.set(doc("{'accounts.6': 555555}")),
                        d -> d.getArray("accounts").add(new BsonInt32(555555))),
                new Step("$addToSet of a new value", Delta.set(doc("{'accounts.7': 111111}")),
                        d -> d.getArray("accounts").add(new BsonInt32(111111))),
                new Step("$pull of accounts[1]", new Delta(doc("{'accounts.1': 276528, 'accounts.2': 332179, "
                        + "'accounts.3': 422649, 'accounts.4': 387979, 'accounts.5': 555555, 'accounts.6': 111111}"),
                        List.of(), Map.of("accounts", 7)), d -> d.getArray("accounts").remove(1)),
                new Step("$set of an element inside a nested array", Delta.set(doc("{'tier_and_details." + tier
                        + ".benefits.0': 'opera tickets'}")), d -> d.getDocument("tier_and_details").getDocument(tier)
                        .getArray("benefits").set(0, new BsonString("opera tickets"))),
                new Step("$unset", Delta.unset("active", "referral.by"),
                        d -> { d.remove("active"); d.getDocument("referral").remove("by"); }));

        assertSameRowSets(CUSTOMERS, "customers", customer, steps);
    }

    @Test
    void shouldGiveTheSameRowSetsForIncAndPositionalUpdatesOfChildRows() {
        BsonDocument transaction = doc("{_id: {$oid: '5ca4bbc1a2dd94ee58161cb1'}, account_id: 443178, "
                + "transaction_count: 2, bucket_start_date: {$date: '1969-02-04T00:00:00Z'}, "
                + "bucket_end_date: {$date: '2017-01-03T00:00:00Z'}, transactions: ["
                + "{date: {$date: '2003-09-09T00:00:00Z'}, amount: 7514, transaction_code: 'buy', symbol: 'adbe', "
                + "price: '19.1', total: '143520.9'}, "
                + "{date: {$date: '2016-06-14T00:00:00Z'}, amount: 8220, transaction_code: 'sell', symbol: 'msft', "
                + "price: '50.7', total: '416802.8', note: 'kept in _extra'}]}");
        List<Step> steps = List.of(
                new Step("$inc", Delta.set(doc("{transaction_count: 3}")),
                        d -> d.put("transaction_count", new BsonInt32(3))),
                new Step("$push of a subdocument", Delta.set(doc("{'transactions.2': {date: {$date: "
                        + "'2017-01-01T00:00:00Z'}, amount: 10, transaction_code: 'buy', symbol: 'amzn'}}")),
                        d -> d.getArray("transactions").add(doc("{date: {$date: '2017-01-01T00:00:00Z'}, amount: 10, "
                                + "transaction_code: 'buy', symbol: 'amzn'}"))),
                new Step("positional $inc transactions.$.amount", Delta.set(doc("{'transactions.1.amount': 8221}")),
                        d -> element(d, 1).put("amount", new BsonInt32(8221))),
                new Step("$unset of an element's field", Delta.unset("transactions.0.symbol"),
                        d -> element(d, 0).remove("symbol")),
                new Step("$pull of transactions[0]", new Delta(doc("{'transactions.0': {date: {$date: "
                        + "'2016-06-14T00:00:00Z'}, amount: 8221, transaction_code: 'sell', symbol: 'msft', "
                        + "price: '50.7', total: '416802.8', note: 'kept in _extra'}, 'transactions.1': {date: "
                        + "{$date: '2017-01-01T00:00:00Z'}, amount: 10, transaction_code: 'buy', symbol: 'amzn'}}"),
                        List.of(), Map.of("transactions", 2)), d -> d.getArray("transactions").remove(0)),
                new Step("$pop", new Delta(new BsonDocument(), List.of(), Map.of("transactions", 1)),
                        d -> d.getArray("transactions").remove(1)),
                new Step("$set of the whole array", Delta.set(doc("{transactions: []}")),
                        d -> d.put("transactions", new BsonArray())));

        assertSameRowSets(TRANSACTIONS, "transactions", transaction, steps);
    }

    @Test
    void shouldDeadLetterDeltaOfUnknownDocumentWithRecoveryAndApplyItToThePreImage() {
        Drive deltas = drive(DELTAS, "customers");
        BsonDocument unknown = TestData.sampleAnalytics("customers", 5);
        BsonDocument withPreImage = TestData.sampleAnalytics("customers", 6);
        BsonDocument good = TestData.sampleAnalytics("customers", 7);

        deltas.pipe(unknown.get("_id"), CUSTOMERS.delta(Delta.set(doc("{name: 'X'}")), null, 1000, 1));
        deltas.pipe(withPreImage.get("_id"), CUSTOMERS.delta(Delta.set(doc("{name: 'Y'}")), withPreImage, 1001, 1));
        deltas.pipe(good.get("_id"), CUSTOMERS.value(Operation.READ, good, 1002, 1));

        TestRecord<byte[], byte[]> dead = deltas.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON))
                .contains("carries only the changed fields (capture.mode change_streams)")
                .contains("run an incremental snapshot of the collection")
                .contains("data-collections [\"sample_analytics.customers\"]");
        assertThat(header(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(DocumentStateException.class.getName());
        assertThat(header(dead, DeadLetterHeaders.ID)).isEqualTo(RowSetCodecIds.canonical(unknown));
        assertThat(deltas.rows.readValuesToList()).extracting(v -> TestData.rowSet(v).rows().get(0).get("name"))
                .containsExactly(new BsonString("Y"), good.get("name"));
        deltas.assertEmpty();
    }

    @Test
    void shouldForgetADocumentWhoseDeltaDoesNotFitUntilASnapshotReadsItAgain() {
        Drive deltas = drive(DELTAS, "customers");
        BsonDocument customer = TestData.sampleAnalytics("customers", 8);
        BsonValue id = customer.get("_id");

        deltas.pipe(id, CUSTOMERS.value(Operation.READ, customer, 1000, 1));
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{'name.first': 'A'}")), null, 1001, 1));
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{email: 'a@b.c'}")), null, 1002, 1));
        deltas.pipe(id, CUSTOMERS.value(Operation.READ, customer, 1003, 1)); // the incremental snapshot
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{email: 'a@b.c'}")), null, 1004, 1));

        List<TestRecord<byte[], byte[]>> dead = deltas.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_REASON))
                .startsWith("Cannot apply the update at field 'name.first': 'name' holds a string")
                .contains("it has forgotten the document");
        assertThat(header(dead.get(0), DeadLetterHeaders.FIELD_PATH)).isEqualTo("name.first");
        assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_REASON)).contains("has no copy of the document");
        assertThat(deltas.rows.readValuesToList()).extracting(v -> TestData.rowSet(v).rows().get(0).get("email"))
                .containsExactly(customer.get("email"), customer.get("email"), new BsonString("a@b.c"));
        deltas.assertEmpty();
    }

    @Test
    void shouldDeadLetterADeltaThatAFieldNameWithDotsMakesAmbiguousAndSayHowToRecover() {
        Drive deltas = drive(DELTAS, "customers");
        BsonDocument customer = TestData.sampleAnalytics("customers", 10).clone();
        customer.put("prefs", doc("{'mail.opt_in': true, mail: {opt_in: false}}"));
        BsonValue id = customer.get("_id");

        deltas.pipe(id, CUSTOMERS.value(Operation.READ, customer, 1000, 1));
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{'prefs.mail.opt_in': true}")), null, 1001, 1));
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{email: 'a@b.c'}")), null, 1002, 1));

        List<TestRecord<byte[], byte[]>> dead = deltas.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_REASON))
                .startsWith("Cannot apply the update at field 'prefs.mail.opt_in': the document has a field named "
                        + "'mail.opt_in' (MongoDB 5+ allows dots in field names)")
                .contains("run an incremental snapshot of the collection")
                .contains("set the connector's capture.mode to change_streams_update_full");
        assertThat(header(dead.get(0), DeadLetterHeaders.FIELD_PATH)).isEqualTo("prefs.mail.opt_in");
        assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_REASON)).as("the copy was forgotten")
                .contains("has no copy of the document");
        assertThat(deltas.rows.readValuesToList()).extracting(v -> TestData.rowSet(v).id()).containsExactly(id);
        deltas.assertEmpty();
    }

    @Test
    void shouldApplyDeltaOfUpdateWhoseLookedUpDocumentIsGoneInFullModeWithDocumentStore() {
        Drive full = drive(FULL.withDocumentStore(true), "customers");
        BsonDocument customer = TestData.sampleAnalytics("customers", 9);
        BsonValue id = customer.get("_id");

        full.pipe(id, CUSTOMERS.value(Operation.CREATE, customer, 1000, 1));
        full.pipe(id, CUSTOMERS.delta(Delta.set(doc("{name: 'Renamed before delete'}")), null, 1001, 1));
        full.pipe(id, CUSTOMERS.value(Operation.DELETE, null, 1002, 1));

        assertThat(full.rows.readValuesToList()).extracting(TestData::rowSet).satisfiesExactly(
                c -> assertThat(c.rows().get(0).get("name")).isEqualTo(customer.get("name")),
                u -> assertThat(u.rows().get(0).get("name")).isEqualTo(new BsonString("Renamed before delete")),
                d -> assertThat(d.op()).isEqualTo(io.mongo2pg.mapping.row.Operation.DELETE));
        full.assertEmpty();
    }

    @Test
    void shouldForgetTheDocumentOfAnUnreadableEvent() {
        Drive deltas = drive(DELTAS, "customers");
        BsonDocument customer = TestData.sampleAnalytics("customers", 10);
        BsonValue id = customer.get("_id");

        deltas.pipe(id, CUSTOMERS.value(Operation.READ, customer, 1000, 1));
        deltas.pipe(id, "{\"op\": \"u\", \"after\": nul");
        deltas.pipe(id, CUSTOMERS.delta(Delta.set(doc("{name: 'Z'}")), null, 1002, 1));

        assertThat(deltas.rows.readValuesToList()).hasSize(1);
        assertThat(deltas.deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.ERROR_REASON))
                .satisfiesExactly(r -> assertThat(r).startsWith("The record value is not valid JSON"),
                        r -> assertThat(r).contains("has no copy of the document"));
        deltas.assertEmpty();
    }

    private void assertSameRowSets(DebeziumRecords records, String collection, BsonDocument initial, List<Step> steps) {
        Drive deltas = drive(DELTAS, collection);
        Drive full = drive(FULL, collection);
        BsonValue id = initial.get("_id");
        deltas.pipe(id, records.value(Operation.READ, initial, 1000, 1));
        full.pipe(id, records.value(Operation.READ, initial, 1000, 1));
        BsonDocument current = initial.clone();
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).applyToFull().accept(current);
            deltas.pipe(id, records.delta(steps.get(i).delta(), null, 2000 + i, 1));
            full.pipe(id, records.value(Operation.UPDATE, current, 2000 + i, 1));
        }

        List<String> fromDeltas = deltas.rows.readValuesToList().stream().map(DeltaCaptureTest::text).toList();
        List<String> fromFull = full.rows.readValuesToList().stream().map(DeltaCaptureTest::text).toList();
        assertThat(fromFull).hasSize(steps.size() + 1).doesNotHaveDuplicates();
        for (int i = 0; i < fromFull.size(); i++) {
            assertThat(fromDeltas.get(i)).as(i == 0 ? "snapshot read" : steps.get(i - 1).operator())
                    .isEqualTo(fromFull.get(i));
        }
        deltas.assertEmpty();
        full.assertEmpty();
    }

    private Drive drive(TransformerConfig config, String collection) {
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve("driver-" + drivers.size()).toString());
        TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(config,
                TestData.sampleAnalyticsMapping()), props);
        drivers.add(driver);
        return new Drive(driver.createInputTopic(config.changeTopic(collection), new ByteArraySerializer(),
                new ByteArraySerializer()),
                driver.createOutputTopic(config.rowsTopic(collection), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()));
    }

    private record Step(String operator, Delta delta, Consumer<BsonDocument> applyToFull) {
    }

    private record Drive(TestInputTopic<byte[], byte[]> changes, TestOutputTopic<byte[], byte[]> rows,
                         TestOutputTopic<byte[], byte[]> deadLetters) {
        void pipe(BsonValue id, String value) {
            changes.pipeInput(DebeziumRecords.key(id).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8));
        }

        void assertEmpty() {
            assertThat(rows.isEmpty()).as("rows left").isTrue();
            assertThat(deadLetters.isEmpty()).as("dead letters left").isTrue();
        }
    }

    private static final class RowSetCodecIds {
        static String canonical(BsonDocument document) {
            return io.mongo2pg.mapping.value.ExtendedJson.canonical(document.get("_id"));
        }
    }

    private static BsonDocument element(BsonDocument transaction, int index) {
        return transaction.getArray("transactions").get(index).asDocument();
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static BsonDocument doc(String json) {
        return BsonDocument.parse(json);
    }
}
