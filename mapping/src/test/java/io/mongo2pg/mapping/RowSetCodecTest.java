package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJson;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class RowSetCodecTest {
    @Test
    void shouldRoundTripRowSetKeepingEveryBsonType() {
        BsonDocument account = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbc7a2dd94ee5816238c"}, "account_id": 7, "products": ["a", null],
                 "odd": {"d": {"$numberDecimal": "NaN"}, "t": {"$date": {"$numberLong": "-86400000"}},
                         "l": {"$numberLong": "9007199254740993"}, "x": {"$numberDouble": "-Infinity"}}}""");
        RowSet rowSet = new Normalizer(SharedData.exampleMapping("sample_analytics"))
                .upsert("accounts", account, new SourcePosition("accounts", 1700000000000L, 3, true, "lsid:1"));

        RowSet decoded = RowSetCodec.decode(RowSetCodec.encode(rowSet));

        assertThat(decoded).isEqualTo(rowSet);
    }

    @Test
    void shouldKeyByTheIdWithItsType() {
        BsonValue id = new BsonString("5ca4bbc7a2dd94ee5816238c");

        assertThat(RowSetCodec.decodeKey(RowSetCodec.encodeKey(id))).isEqualTo(id);
        assertThat(new String(RowSetCodec.encodeKey(ExtendedJson.parseValue("{\"$oid\": \"5ca4bbc7a2dd94ee5816238c\"}"))))
                .isEqualTo("{\"_id\": {\"$oid\": \"5ca4bbc7a2dd94ee5816238c\"}}");
    }

    @Test
    void shouldParseSingleValuesOfAnyExtendedJsonFlavour() {
        assertThat(ExtendedJson.parseValue("42").asInt32().getValue()).isEqualTo(42);
        assertThat(ExtendedJson.parseValue("\"abc\"").asString().getValue()).isEqualTo("abc");
        assertThat(ExtendedJson.parseValue("{\"$numberLong\": \"5\"}").asInt64().getValue()).isEqualTo(5L);
        assertThat(ExtendedJson.canonical(ExtendedJson.parseValue("{\"$date\": 1746034410610}")))
                .isEqualTo("{\"$date\": {\"$numberLong\": \"1746034410610\"}}");
    }
}
