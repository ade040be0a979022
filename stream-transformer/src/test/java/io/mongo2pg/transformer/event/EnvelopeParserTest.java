package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.DebeziumRecords;
import io.mongo2pg.transformer.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.BsonDateTime;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * Decoding real Debezium MongoDB events from ../shared/data/debezium-events, one test per file shape.
 *
 * <p>Not used: debezium-docs/mongodb.adoc.{create-value-with-schema, create-with-transaction-block, delete-value,
 * transaction-metadata-events, update-value}.json.txt, which the data README documents as not valid JSON
 * (placeholders, duplicate keys, trailing commas); their field semantics (lsid, transaction block) are covered by
 * events built here. The one valid file of that folder, the key with schema, is used.
 */
class EnvelopeParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EnvelopeParser parser = new EnvelopeParser();

    @Test
    void shouldReadSnapshotEventsWithSchemaEnvelope() {
        List<String> values = lines("risingwave/debezium_mongo_json_customers.1.jsonl");

        List<ChangeEvent> events = values.stream().map(v -> parser.parse(keyOf(v), v)).toList();

        assertThat(events).hasSize(4).allSatisfy(e -> {
            assertThat(e.operation()).isEqualTo(Operation.READ);
            assertThat(e.collection()).isEqualTo("customers");
            assertThat(e.db()).isEqualTo("inventory");
            assertThat(e.source().snapshot()).isTrue();
        });
        ChangeEvent first = events.get(0);
        // The key is relaxed Extended JSON ("1001"), so an Int64 _id reads back as Int32; after keeps $numberLong.
        assertThat(first.id()).isEqualTo(new BsonInt32(1001));
        assertThat(first.after().get("_id")).isEqualTo(new BsonInt64(1001));
        assertThat(first.after().getString("first_name").getValue()).isEqualTo("Sally");
        assertThat(first.source()).isEqualTo(new SourcePosition("customers", 1681879044000L, 1, true, null));
        assertThat(events.get(3).source().snapshot()).as("snapshot \"last\"").isTrue();
    }

    @Test
    void shouldReadTheSameEventsWithAndWithoutSchemaEnvelope() {
        List<String> withSchema = lines("risingwave/debezium_mongo_json_customers.1.jsonl");
        List<String> without = lines("risingwave/debezium_mongo_json_customers_no_schema_field.1.jsonl");

        assertThat(without).hasSameSizeAs(withSchema);
        for (int i = 0; i < without.size(); i++) {
            assertThat(parser.parse(keyOf(without.get(i)), without.get(i)))
                    .isEqualTo(parser.parse(keyOf(withSchema.get(i)), withSchema.get(i)));
        }
    }

    @Test
    void shouldReadDeleteWithNullSchemaEnvelopeAndTakeIdFromKey() {
        List<JsonNode> fixtures = lines("risingwave/mongo_json_parser.rs.fixtures.jsonl").stream()
                .map(EnvelopeParserTest::tree).filter(f -> f.get("test_fn").asText().equals("test_parse_delete_message"))
                .toList();
        String key = fixtures.get(0).get("raw").asText();
        String value = fixtures.get(1).get("raw").asText();

        ChangeEvent event = parser.parse(key, value);

        assertThat(event.operation()).isEqualTo(Operation.DELETE);
        assertThat(event.id()).isEqualTo(new BsonObjectId(new ObjectId("65bc9fb6c485f419a7a877fe")));
        assertThat(event.after()).isNull();
        assertThat(event.db()).isEqualTo("dev");
        assertThat(event.source()).isEqualTo(new SourcePosition("test", 1706968217000L, 2, false, null));
    }

    @Test
    void shouldReadPaimonInsert() {
        List<String> lines = paimonPairs("paimon/event-insert.txt");

        ChangeEvent event = parser.parse(lines.get(0), lines.get(1));

        assertThat(event.operation()).isEqualTo(Operation.CREATE);
        assertThat(event.id()).isEqualTo(objectId("67ab25755c0d5ac87eb8c632"));
        assertThat(event.after().get("_id")).isEqualTo(event.id());
        assertThat(event.after().get("created_at")).isEqualTo(new BsonInt64(1736207571013L));
        assertThat(event.after().get("updated_at")).as("v1 strict {\"$date\": <millis>}")
                .isEqualTo(new BsonDateTime(1739455297970L));
        assertThat(event.source()).isEqualTo(new SourcePosition("sync_test_table", 1739321992000L, 28, false, null));
        assertThat(event.db()).isEqualTo("bigdata_test");
    }

    @Test
    void shouldReadPaimonUpdatesWithAndWithoutPreImage() {
        List<String> lines = paimonPairs("paimon/event-update.txt");

        ChangeEvent withoutBefore = parser.parse(lines.get(0), lines.get(1));
        ChangeEvent withBefore = parser.parse(lines.get(2), lines.get(3));

        assertThat(withoutBefore.operation()).isEqualTo(Operation.UPDATE);
        assertThat(withoutBefore.after().getArray("tags").get(0)).isEqualTo(new BsonString("succeed"));
        assertThat(withoutBefore.before()).isNull();
        assertThat(withBefore.before().getArray("tags").get(0)).as("pre-image").isEqualTo(new BsonString("pending"));
        assertThat(withBefore.after()).isEqualTo(withoutBefore.after());
        assertThat(withBefore.updateDescription()).as("hand-trimmed to null in this file").isNull();
    }

    @Test
    void shouldReadPaimonDeletesWithObjectIdAndStringKeys() {
        List<String> lines = paimonPairs("paimon/event-delete.txt");

        List<ChangeEvent> events = List.of(parser.parse(lines.get(0), lines.get(1)),
                parser.parse(lines.get(2), lines.get(3)), parser.parse(lines.get(4), lines.get(5)));

        assertThat(events).extracting(ChangeEvent::operation).containsOnly(Operation.DELETE);
        assertThat(events).extracting(ChangeEvent::after).containsOnlyNulls();
        assertThat(events).extracting(ChangeEvent::id).containsExactly(objectId("67ab25755c0d5ac87eb8c632"),
                new BsonString("67ab25755c0d5ac87eb8c632"), objectId("67ab25755c0d5ac87eb8c632"));
    }

    @Test
    void shouldReadCreateUpdateDeleteWithMixedExtendedJsonAndStringConverterKey() {
        List<String> values = lines("unattributed-index/orders-2.7.0-c-u-d.jsonl");
        String structKey = TestData.read(TestData.debeziumEvents("unattributed-index/orders-2.7.0-c-u-d.txt")).lines()
                .filter(l -> l.startsWith("Struct{")).findFirst().orElseThrow();

        ChangeEvent create = parser.parse(keyOf(values.get(0)), values.get(0));
        ChangeEvent update = parser.parse(keyOf(values.get(1)), values.get(1));
        ChangeEvent delete = parser.parse(structKey, values.get(2));

        assertThat(create.operation()).isEqualTo(Operation.CREATE);
        assertThat(create.after().get("totalAmount")).isEqualTo(new BsonDouble(25.4));
        assertThat(create.source()).isEqualTo(new SourcePosition("orders", 1745949565000L, 2, false, null));
        assertThat(update.operation()).isEqualTo(Operation.UPDATE);
        assertThat(update.after().get("updatedAt")).as("v1 strict date in after")
                .isEqualTo(new BsonDateTime(1746034410610L));
        assertThat(update.after().get("createdAt")).isEqualTo(new BsonString("2025-04-29T14:32:56.335943085"));
        assertThat(delete.operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.id()).isEqualTo(objectId("68121c1692da88b533465769"));
        assertThat(delete.after()).isNull();
    }

    @Test
    void shouldReadPrettyPrintedUpdateWithSchema() {
        String value = TestData.read(TestData.debeziumEvents("unattributed-index/books-2.7.0-update-with-schema.json"));

        ChangeEvent event = parser.parse(keyOf(value), value);

        assertThat(event.operation()).isEqualTo(Operation.UPDATE);
        assertThat(event.id()).isEqualTo(objectId("67f4675b8126ee23e2e79ec1"));
        assertThat(event.after().getString("name").getValue()).isEqualTo("23rwe\n");
        assertThat(event.db()).isEqualTo("public");
        assertThat(event.source()).isEqualTo(new SourcePosition("books", 1744070865000L, 1, false, null));
    }

    @Test
    void shouldReadSnapshotReadOfDebezium33() {
        String value = TestData.read(TestData.debeziumEvents("unattributed-index/claims-3.3.1-snapshot-read.json"));

        ChangeEvent event = parser.parse(keyOf(value), value);

        assertThat(event.operation()).isEqualTo(Operation.READ);
        assertThat(event.db()).isEqualTo("claims-CDC-demo");
        assertThat(event.source()).isEqualTo(new SourcePosition("claims-demo", 1768372677208L, -1, true, null));
        assertThat(event.after().get("claimAmountDelta")).isEqualTo(new BsonDouble(11710.95));
    }

    @Test
    void shouldReadKeysWithSchemaEnvelope() {
        String docsKey = TestData.read(TestData.debeziumEvents("debezium-docs/mongodb.adoc.key-with-schema.json.txt"));
        String artieKey = artieFixture(38);

        assertThat(parser.parseKey(docsKey)).isEqualTo(new BsonInt32(1004));
        assertThat(parser.parseKey(artieKey)).isEqualTo(objectId("63e3a3bf314a4076d249e203"));
    }

    @Test
    void shouldReadValueWithEmptySchemaEnvelope() {
        String value = artieFixture(129);

        ChangeEvent event = parser.parse(DebeziumRecords.key(new BsonInt64(1003)), value);

        assertThat(event.operation()).isEqualTo(Operation.READ);
        assertThat(event.collection()).isEqualTo("customers");
        assertThat(event.after().getDocument("nested").getString("object").getValue()).isEqualTo("foo");
    }

    @Test
    void shouldRejectKeyWhoseIdIsNotExtendedJsonText() {
        assertThatThrownBy(() -> parser.parseKey(artieFixture(18)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("Key field 'id': expected a string holding the _id as Extended JSON")
                .hasMessageContaining("found number 1001");
    }

    @Test
    void shouldRejectMissingKey() {
        assertThatThrownBy(() -> parser.parse((String) null, "{}"))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("The record has no key");
    }

    @Test
    void shouldRejectUnknownOperationListingAllowedCodes() {
        ObjectNode value = validCreate();
        value.put("op", "t");

        assertThatThrownBy(() -> parser.parse(customerKey(), value.toString()))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("Field 'op': Unknown Debezium operation 't'")
                .hasMessageContaining("r (READ), c (CREATE), u (UPDATE), d (DELETE)");
    }

    @Test
    void shouldNameTheMissingSourceFieldAndKeepTheDocumentId() {
        ObjectNode value = validCreate();
        ((ObjectNode) value.get("source")).remove("ts_ms");

        assertThatThrownBy(() -> parser.parse(customerKey(), value.toString()))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.documentId())
                        .isEqualTo("{\"$oid\": \"5ca4bbcea2dd94ee58162a68\"}"))
                .hasMessage("Field 'source.ts_ms': expected a whole number, found no such field");
    }

    @Test
    void shouldRejectCreateWithoutDocument() {
        ObjectNode value = validCreate();
        value.putNull("after");

        assertThatThrownBy(() -> parser.parse(customerKey(), value.toString()))
                .isInstanceOf(EnvelopeException.class)
                .hasMessage("Field 'after': expected the document in an 'c' event, found null");
    }

    @Test
    void shouldAcceptUpdateWithoutDocument() {
        ObjectNode value = validCreate();
        value.put("op", "u");
        value.putNull("after");

        ChangeEvent event = parser.parse(customerKey(), value.toString());

        assertThat(event.operation()).isEqualTo(Operation.UPDATE);
        assertThat(event.after()).isNull();
    }

    @Test
    void shouldRejectAfterThatIsNotExtendedJson() {
        ObjectNode value = validCreate();
        value.put("after", "{\"_id\": {\"$oid\": 12}}");

        assertThatThrownBy(() -> parser.parse(customerKey(), value.toString()))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageStartingWith("Field 'after': expected an Extended JSON document, found '{\"_id\"");
    }

    @Test
    void shouldRejectValueThatIsNotJson() {
        assertThatThrownBy(() -> parser.parse(customerKey(), "{\"op\": \"c\", "))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("The record value is not valid JSON");
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8() {
        byte[] key = customerKey().getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(key, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("The record value is not valid UTF-8");
    }

    @Test
    void shouldTakeTransactionIdFromSessionAndTxnNumber() {
        ObjectNode value = validCreate();
        ObjectNode source = (ObjectNode) value.get("source");
        // lsid as in the Debezium documentation's update example
        source.put("lsid", "{\"id\": {\"$binary\": \"FA7YEzXgQXSX9OxmzllH2w==\",\"$type\": \"04\"},\"uid\": {\"$binary\": "
                + "\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",\"$type\": \"00\"}}");
        source.put("txnNumber", 1);

        String transactionId = parser.parse(customerKey(), value.toString()).source().transactionId();

        assertThat(transactionId).isEqualTo("{\"id\": {\"$binary\": {\"base64\": \"FA7YEzXgQXSX9OxmzllH2w==\", "
                + "\"subType\": \"04\"}}, \"uid\": {\"$binary\": {\"base64\": "
                + "\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\", \"subType\": \"00\"}}}:1");
    }

    @Test
    void shouldTakeTransactionIdFromTransactionBlockWithoutSession() {
        ObjectNode value = validCreate();
        value.putObject("transaction").put("id", "1462833718356672513").put("total_order", 1)
                .put("data_collection_order", 1);

        assertThat(parser.parse(customerKey(), value.toString()).source().transactionId())
                .isEqualTo("1462833718356672513");
    }

    @Test
    void shouldReadEverySnapshotMarker() {
        for (String marker : List.of("true", "first", "last", "first_in_data_collection", "last_in_data_collection",
                "incremental")) {
            assertThat(SourceBlockReader.snapshot(JSON.getNodeFactory().textNode(marker))).as(marker).isTrue();
        }
        assertThat(SourceBlockReader.snapshot(JSON.getNodeFactory().textNode("false"))).isFalse();
        assertThat(SourceBlockReader.snapshot(null)).as("absent").isFalse();
        assertThat(SourceBlockReader.snapshot(JSON.getNodeFactory().nullNode())).isFalse();
        assertThat(SourceBlockReader.snapshot(JSON.getNodeFactory().booleanNode(true))).as("Debezium 1.x").isTrue();
    }

    private static ObjectNode validCreate() {
        String value = new DebeziumRecords("mongo2pg", "sample_analytics", "customers").value(Operation.CREATE,
                TestData.sampleAnalytics("customers", 0), 1_700_000_000_000L, 1);
        return (ObjectNode) tree(value);
    }

    /** The key Debezium writes for the document in this value's {@code after}. */
    private static String customerKey() {
        return DebeziumRecords.key(TestData.sampleAnalytics("customers", 0).get("_id"));
    }

    private static String keyOf(String value) {
        JsonNode root = tree(value);
        JsonNode payload = root.has("payload") ? root.get("payload") : root;
        BsonValue id = ExtendedJson.parseDocument(payload.get("after").asText()).get("_id");
        return DebeziumRecords.key(id);
    }

    private static List<String> paimonPairs(String file) {
        return TestData.read(TestData.debeziumEvents(file)).lines().filter(l -> l.startsWith("{")).toList();
    }

    private static List<String> lines(String file) {
        return TestData.read(TestData.debeziumEvents(file)).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String artieFixture(int line) {
        return lines("artie-transfer/debezium_test.go.fixtures.jsonl").stream().map(EnvelopeParserTest::tree)
                .filter(f -> f.get("line").asInt() == line).findFirst().orElseThrow().get("raw").asText();
    }

    private static BsonObjectId objectId(String hex) {
        return new BsonObjectId(new ObjectId(hex));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
