package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every BSON type Extended JSON can carry, written in each flavour that exists for it (v1 strict, v2 canonical,
 * v2 relaxed, and the mix Debezium emits by default), comes back as the same BSON value: from its typed
 * column where the type has one, and from the jsonb catch-all otherwise, also after the RowSet travelled as
 * bytes and after jsonb's reordering of object keys.
 */
class BsonValuesTest {
    private static final String OID = "{\"$oid\": \"5ca4bbcea2dd94ee58162a68\"}";
    /** One collection per column type under test, plus one where the value is not mapped at all. */
    private static final Mapping MAPPING = SharedData.mapping("""
            collections:
              typed_text:        {id: {type: integer}, columns: {v: text}}
              typed_objectid:    {id: {type: integer}, columns: {v: objectid}}
              typed_integer:     {id: {type: integer}, columns: {v: integer}}
              typed_bigint:      {id: {type: integer}, columns: {v: bigint}}
              typed_double:      {id: {type: integer}, columns: {v: double}}
              typed_numeric:     {id: {type: integer}, columns: {v: numeric}}
              typed_boolean:     {id: {type: integer}, columns: {v: boolean}}
              typed_timestamptz: {id: {type: integer}, columns: {v: timestamptz}}
              typed_uuid:        {id: {type: integer}, columns: {v: uuid}}
              typed_bytea:       {id: {type: integer}, columns: {v: bytea}}
              typed_vector:      {id: {type: integer}, columns: {v: {type: bytea, subtype: 9}}}
              typed_jsonb:       {id: {type: integer}, columns: {v: jsonb}}
              unmapped:          {id: {type: integer}}
            """);

    static Stream<Arguments> values() {
        return Stream.of(
                type(BsonType.INT32, "integer", "{\"$numberInt\": \"-2147483648\"}", "-2147483648"),
                type(BsonType.INT64, "bigint", "{\"$numberLong\": \"9007199254740993\"}", "9007199254740993"),
                type(BsonType.INT64, "bigint", "{\"$numberLong\": \"5\"}"), // relaxed 5 would be an Int32: no such flavour
                type(BsonType.DOUBLE, "double", "{\"$numberDouble\": \"0.1\"}", "0.1"),
                type(BsonType.DOUBLE, "double", "{\"$numberDouble\": \"-0.0\"}", "-0.0"),
                type(BsonType.DOUBLE, "double", "{\"$numberDouble\": \"NaN\"}"),
                type(BsonType.DOUBLE, "double", "{\"$numberDouble\": \"Infinity\"}"),
                type(BsonType.DOUBLE, "double", "{\"$numberDouble\": \"-Infinity\"}"),
                type(BsonType.DECIMAL128, "numeric", "{\"$numberDecimal\": \"1.10\"}"),
                type(BsonType.DECIMAL128, "numeric", "{\"$numberDecimal\": \"-0.000000000000000000000000000000001\"}"),
                type(BsonType.DECIMAL128, "numeric", "{\"$numberDecimal\": \"NaN\"}"),
                type(BsonType.DECIMAL128, "numeric", "{\"$numberDecimal\": \"Infinity\"}"),
                type(BsonType.DECIMAL128, "numeric", "{\"$numberDecimal\": \"-Infinity\"}"),
                type(BsonType.DECIMAL128, "jsonb", "{\"$numberDecimal\": \"1E+20\"}"),  // numeric would drop the exponent
                type(BsonType.DECIMAL128, "jsonb", "{\"$numberDecimal\": \"-0\"}"),     // numeric has no negative zero
                type(BsonType.DATE_TIME, "timestamptz", "{\"$date\": {\"$numberLong\": \"-2085523200000\"}}",
                        "{\"$date\": \"1903-12-01T00:00:00Z\"}", "{\"$date\": -2085523200000}"),
                type(BsonType.DATE_TIME, "timestamptz", "{\"$date\": {\"$numberLong\": \"1746034410610\"}}",
                        "{\"$date\": \"2025-04-30T17:33:30.61Z\"}", "{\"$date\": 1746034410610}"),
                type(BsonType.DATE_TIME, "timestamptz", "{\"$date\": {\"$numberLong\": \"8640000000000000\"}}",
                        "{\"$date\": \"+275760-09-13T00:00:00Z\"}"),
                type(BsonType.DATE_TIME, "jsonb", "{\"$date\": {\"$numberLong\": \"9223372036854775807\"}}"),
                type(BsonType.TIMESTAMP, "jsonb", "{\"$timestamp\": {\"t\": 1736997330, \"i\": 2}}"),
                type(BsonType.OBJECT_ID, "objectid", OID),
                type(BsonType.STRING, "text", "\"Grüße, 日本語, Ελληνικά, עברית \u202e, emoji \uD83D\uDE00, tab\\t, quote\\\"\""),
                type(BsonType.BOOLEAN, "boolean", "true"),
                type(BsonType.NULL, "text", "null"),
                type(BsonType.BINARY, "uuid", "{\"$binary\": {\"base64\": \"c//SZESzTGmQ6OfR38A11A==\", \"subType\": \"04\"}}",
                        "{\"$binary\": \"c//SZESzTGmQ6OfR38A11A==\", \"$type\": \"04\"}",
                        "{\"$uuid\": \"73ffd264-44b3-4c69-90e8-e7d1dfc035d4\"}"),
                type(BsonType.BINARY, "bytea", "{\"$binary\": {\"base64\": \"AAEC/w==\", \"subType\": \"00\"}}",
                        "{\"$binary\": \"AAEC/w==\", \"$type\": \"00\"}"),
                type(BsonType.BINARY, "vector", "{\"$binary\": {\"base64\": \"JwAAAIA/\", \"subType\": \"09\"}}"),
                type(BsonType.BINARY, "jsonb", "{\"$binary\": {\"base64\": \"AAE=\", \"subType\": \"80\"}}"),
                type(BsonType.REGULAR_EXPRESSION, "jsonb", "{\"$regularExpression\": {\"pattern\": \"^a.c$\", \"options\": \"im\"}}",
                        "{\"$regex\": \"^a.c$\", \"$options\": \"im\"}"),
                type(BsonType.JAVASCRIPT, "jsonb", "{\"$code\": \"function() { return 1; }\"}"),
                type(BsonType.JAVASCRIPT_WITH_SCOPE, "jsonb", "{\"$code\": \"function() { return x; }\", \"$scope\": {\"x\": 1}}"),
                type(BsonType.SYMBOL, "jsonb", "{\"$symbol\": \"sym\"}"),
                type(BsonType.MIN_KEY, "jsonb", "{\"$minKey\": 1}"),
                type(BsonType.MAX_KEY, "jsonb", "{\"$maxKey\": 1}"),
                type(BsonType.UNDEFINED, "jsonb", "{\"$undefined\": true}"),
                type(BsonType.DB_POINTER, "jsonb", "{\"$dbPointer\": {\"$ref\": \"db.c\", \"$id\": " + OID + "}}"),
                type(BsonType.DOCUMENT, "jsonb", "{\"$ref\": \"users\", \"$id\": " + OID + ", \"$db\": \"app\"}"), // DBRef
                type(BsonType.DOCUMENT, "jsonb", "{}"),
                type(BsonType.ARRAY, "jsonb", "[]"),
                type(BsonType.ARRAY, "jsonb", "[1, {\"$numberLong\": \"1\"}, \"1\", null, [], {}]"));
    }

    private static Arguments type(BsonType type, String column, String canonical, String... otherFlavours) {
        return Arguments.of(type, column, canonical, List.of(otherFlavours));
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("values")
    void shouldReadEveryFlavourAsTheSameValue(BsonType type, String column, String canonical, List<String> others) {
        BsonValue value = ExtendedJson.parseValue(canonical);

        assertThat(value.getBsonType()).isEqualTo(type);
        for (String other : others) {
            assertThat(ExtendedJson.parseValue(other)).as(other).isEqualTo(value);
        }
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("values")
    void shouldGiveBackTheValueFromItsTypedColumn(BsonType type, String column, String canonical, List<String> others) {
        BsonDocument document = document(canonical);

        List<Row> rows = roundTrip("typed_" + column, document);

        assertThat(rows.get(0).get("v")).isEqualTo(document.get("v"));
        // An explicit null stays in the catch-all, so that the inverse tells it apart from a missing field.
        BsonValue left = type == BsonType.NULL ? new BsonDocument("v", document.get("v")) : BsonNull.VALUE;
        assertThat(rows.get(0).get("_extra")).as("left for the catch-all").isEqualTo(left);
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("values")
    void shouldGiveBackTheUnmappedValueFromTheCatchAllEvenWithKeysReorderedLikeJsonb(BsonType type, String column,
                                                                                    String canonical, List<String> others) {
        // A field after the value: a reader that misreads the value's end would lose it.
        BsonDocument document = document(canonical).append("w", new BsonString("after"));

        BsonValue extra = roundTrip("unmapped", document).get(0).get("_extra");

        String stored = ExtendedJson.canonical(extra.asDocument());
        assertThat(ExtendedJson.parseDocument(JsonbOrder.reorder(stored))).isEqualTo(extra);
        assertThat(extra.asDocument().get("v")).isEqualTo(document.get("v"));
    }

    @Test
    void shouldReadTheMixedFormDebeziumEmitsByDefault() throws IOException {
        String line = Files.readAllLines(SharedData.root().resolve("../shared/data/debezium-events/paimon/event-bson.txt"))
                .stream().filter(l -> l.startsWith("{\"id\": {\"$oid\"")).findFirst().orElseThrow();
        BsonDocument event = ExtendedJson.parseDocument(line);
        Mapping mapping = SharedData.mapping("""
                collections:
                  people:
                    id: {type: objectid}
                    columns:
                      name: text
                      age: integer
                      created_time: bigint
                      updated_time: bigint
                      deleted_time: timestamptz
                      double_nan: double
                      decimal: numeric
                      decimal_nan: numeric
                      uuid: uuid
                      binary: bytea
                      array: text[]
                      context.location.lon: double
                """);
        BsonDocument document = event.clone();
        document.put("_id", document.remove("id"));

        List<Row> rows = new Normalizer(mapping).normalize("people", document);
        BsonDocument back = new Reassembler(mapping).reassemble("people", rows);

        assertThat(Documents.ordered(back)).isEqualTo(Documents.ordered(document));
        assertThat(rows.get(0).get("deleted_time").asDateTime().getValue()).isEqualTo(1735934393769L);
        assertThat(rows.get(0).get("uuid").asBinary().getType()).isEqualTo((byte) 4);
        assertThat(rows.get(0).get("_extra").asDocument().keySet()).contains("register_time", "regex", "symbol", "minKey",
                "maxKey", "code", "null", "undefined", "array_mix");
    }

    @Test
    void shouldNameCollectionIdPathValueAndExpectedTypeWhenAValueDoesNotFit() {
        assertThatThrownBy(() -> normalize("typed_integer", document("{\"$numberLong\": \"5\"}")))
                .isInstanceOf(DocumentMappingException.class)
                .hasMessage("Cannot map document _id={\"$numberInt\": \"7\"} of collection 'typed_integer' at field 'v': "
                        + "expected integer (column type integer), found int64 {\"$numberLong\": \"5\"}; fix the document "
                        + "or map the field as jsonb");
        assertThatThrownBy(() -> normalize("typed_numeric", document("{\"$numberDecimal\": \"1E+20\"}")))
                .hasMessageContaining("numeric cannot keep the exponent of 1E+20 (it would come back as "
                        + "100000000000000000000)");
        assertThatThrownBy(() -> normalize("typed_timestamptz", document("{\"$date\": {\"$numberLong\": \"9223372036854775807\"}}")))
                .hasMessageContaining("outside what timestamptz holds");
        assertThatThrownBy(() -> normalize("typed_bytea", document("{\"$binary\": {\"base64\": \"AAE=\", \"subType\": \"09\"}}")))
                .hasMessageContaining("expected binary subtype 00 for this bytea column, found subtype 09");
        assertThatThrownBy(() -> normalize("typed_uuid", document("{\"$binary\": {\"base64\": \"AAE=\", \"subType\": \"04\"}}")))
                .hasMessageContaining("a uuid needs 16 bytes");
        assertThatThrownBy(() -> normalize("typed_double", document("{\"$numberInt\": \"7\"}")))
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("v"))
                .hasMessageContaining("expected double").hasMessageContaining("found int32");
    }

    private static BsonDocument document(String value) {
        return ExtendedJson.parseDocument("{\"_id\": 7, \"v\": " + value + "}");
    }

    private static List<Row> normalize(String collection, BsonDocument document) {
        return new Normalizer(MAPPING).normalize(collection, document);
    }

    /** Normalizes, sends the rows as bytes, reassembles and checks the document came back; returns the received rows. */
    private static List<Row> roundTrip(String collection, BsonDocument document) {
        var sent = new Normalizer(MAPPING).upsert(collection, document, null);
        List<Row> received = RowSetCodec.decode(RowSetCodec.encode(sent)).rows();
        assertThat(new Reassembler(MAPPING).reassemble(collection, received)).isEqualTo(document);
        return received;
    }
}
