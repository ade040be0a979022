package io.mongo2pg.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.avro.RowSetAvroConverter;
import io.mongo2pg.mapping.avro.RowSetDeserializer;
import io.mongo2pg.mapping.avro.RowSetSchemas;
import io.mongo2pg.mapping.avro.SingleObjectRowSetSerializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.batch.RecordPosition;
import io.mongo2pg.sink.batch.SinkRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The fast path must write exactly the bytes the generic path (decode the RowSet, then encode it) writes, and step
 * aside for everything the generic path refuses or reads differently.
 */
class AvroCopyReaderTest {
    private static final RecordPosition POSITION = new RecordPosition("m2p.rows.x", 0, 42);
    private static final Mapping EDGES = MappingLoader.load(new ByteArrayInputStream("""
            collections:
              things:
                table: things
                id: {type: jsonb}
                columns:
                  name: {type: text}
                  oid: {type: objectid}
                  n: {type: integer}
                  big: {type: bigint}
                  d: {type: double}
                  dec: {type: numeric}
                  flag: {type: boolean}
                  at: {type: timestamptz}
                  bin: {type: bytea}
                  u: {type: uuid}
                  doc: {type: jsonb}
                  tags: {type: "text[]"}
                  ints: {type: "integer[]"}
                  longs: {type: "bigint[]"}
                  ds: {type: "double[]"}
                children:
                  parts:
                    table: thing_parts
                    columns:
                      label: {type: text}
            """.getBytes(StandardCharsets.UTF_8)), "edges.yml");

    static Stream<Arguments> samples() {
        Path samples = SinkTestSupport.root().resolve("../shared/data/mongodb-samples");
        return Stream.of(
                Arguments.of("examples/sample_analytics.yml", "accounts", samples.resolve("sample_analytics/accounts.json")),
                Arguments.of("examples/sample_analytics.yml", "customers", samples.resolve("sample_analytics/customers.json")),
                Arguments.of("examples/sample_mflix.yml", "movies", samples.resolve("sample_mflix/movies.json")),
                Arguments.of("examples/sample_mflix.yml", "theaters", samples.resolve("sample_mflix/theaters.json")),
                Arguments.of("examples/sample_mflix.yml", "comments", samples.resolve("sample_mflix/comments.json")),
                Arguments.of("examples/sample_mflix.yml", "users", samples.resolve("sample_mflix/users.json")),
                Arguments.of("examples/sample_airbnb.yml", "listingsAndReviews",
                        samples.resolve("sample_airbnb/listingsAndReviews.subset5.json")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("samples")
    void everySampleDocumentTakesTheFastPathAndEncodesLikeTheGenericPath(String mappingFile, String collection,
                                                                        Path documents) {
        Mapping mapping = MappingLoader.load(SinkTestSupport.root().resolve(mappingFile));
        Codec codec = new Codec(mapping);
        Normalizer normalizer = new Normalizer(mapping);
        List<BsonDocument> all = ExtendedJsonFile.readAll(documents);
        for (BsonDocument document : all) {
            RowSet rowSet = normalizer.upsert(collection, document, new SourcePosition(collection, 1700000000123L, 3,
                    false, "lsid:1"));
            assertThat(codec.fast(rowSet)).as("fast path for _id %s", document.get("_id")).isPresent();
            codec.assertSameEncoding(rowSet);
        }
        assertThat(all).isNotEmpty();
    }

    @Test
    void unusualValuesEncodeLikeTheGenericPath() {
        Codec codec = new Codec(EDGES);
        BsonDocument values = new BsonDocument("_id", new BsonString("tab\there \\ and\nnewline"))
                .append("name", new BsonString("ünïcødé \"quoted\" \\N \r\t 𝄞"))
                .append("oid", new BsonObjectId(new ObjectId("507f1f77bcf86cd799439011")))
                .append("n", new BsonInt32(Integer.MIN_VALUE)).append("big", new BsonInt64(Long.MAX_VALUE))
                .append("d", new BsonDouble(Double.NaN))
                .append("dec", new BsonDecimal128(Decimal128.parse("-1.10E+3")))
                .append("flag", BsonBoolean.FALSE)
                .append("at", new BsonDateTime(-62_167_219_200_001L)) // the last millisecond of 1 BC
                .append("bin", new BsonBinary((byte) 0x80, new byte[] {0, 1, (byte) 0xff, '\\'}))
                .append("u", new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .append("doc", new BsonDocument("k", new BsonString("v\tw\\x")).append("z", new BsonInt64(5)))
                .append("tags", new BsonArray(List.of(new BsonString("a,b"), BsonNull.VALUE, new BsonString("NULL"),
                        new BsonString("q\"\\"))))
                .append("ints", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE)))
                .append("longs", new BsonArray(List.of(new BsonInt64(-1))))
                .append("ds", new BsonArray(List.of(new BsonDouble(Double.NEGATIVE_INFINITY), new BsonDouble(0.5))));
        RowSet rowSet = things(values, List.of(part(values.get("_id"), 0, "x"), part(values.get("_id"), 1, "y\tz")));
        assertThat(codec.fast(rowSet)).isPresent();
        codec.assertSameEncoding(rowSet);
        // Escaped in JSON as \u0000: PostgreSQL's jsonb refuses it on either path, when the batch is applied.
        RowSet nulInJson = things(new BsonDocument("_id", new BsonInt32(1)).append("doc", new BsonString("a\0b")),
                List.of());
        assertThat(codec.fast(nulInJson)).isPresent();
        codec.assertSameEncoding(nulInJson);
        BsonDocument nulls = new BsonDocument("_id", new BsonInt64(7)).append("name", BsonNull.VALUE);
        RowSet sparse = things(nulls, List.of());
        assertThat(codec.fast(sparse)).isPresent();
        codec.assertSameEncoding(sparse);
    }

    @Test
    void whatTheGenericPathRefusesIsLeftToIt() {
        Codec codec = new Codec(EDGES);
        BsonValue id = new BsonObjectId(new ObjectId("507f1f77bcf86cd799439011"));
        List<RowSet> refused = List.of(
                things(new BsonDocument("_id", id).append("name", new BsonString("a\0b")), List.of()),
                things(new BsonDocument("_id", id).append("at", new BsonDateTime(Long.MAX_VALUE)), List.of()),
                things(new BsonDocument("_id", id).append("bin", new BsonBinary(UUID.randomUUID())), List.of()),
                things(new BsonDocument("_id", id), List.of(part(new BsonInt32(1), 0, "another document's row"))),
                things(new BsonDocument("_id", new BsonInt32(1)), List.of(part(new BsonInt64(1), 0, "Int64 1"))));
        for (RowSet rowSet : refused) {
            assertThat(codec.fast(rowSet)).as("%s", rowSet).isEmpty();
            assertThatThrownBy(() -> codec.generic(rowSet)).as("%s", rowSet).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void deletesAndSchemasOfAnotherMappingTakeTheGenericPath() {
        Codec codec = new Codec(EDGES);
        RowSet delete = RowSet.delete("things", new BsonInt32(1), null);
        assertThat(codec.fast(delete)).isEmpty();

        Mapping older = MappingLoader.load(new ByteArrayInputStream("""
                collections:
                  things:
                    table: things
                    id: {type: jsonb}
                    columns:
                      name: {type: text}
                """.getBytes(StandardCharsets.UTF_8)), "older.yml");
        Codec olderWriter = new Codec(older);
        RowSet rowSet = new RowSet("things", Operation.UPSERT, new BsonInt32(1), null, List.of(new Row("things",
                new BsonDocument("_id", new BsonInt32(1)).append("name", new BsonString("n")))));
        byte[] bytes = olderWriter.serializer.serialize("t", rowSet);
        codec.deserializer.addSchema(RowSetSchemas.of(older).forCollection("things"));
        assertThat(codec.reader.read(POSITION, bytes, () -> codec.deserializer.deserialize("t", bytes))).isEmpty();
        assertThat(codec.deserializer.deserialize("t", bytes).rows().get(0).values())
                .isEqualTo(rowSet.rows().get(0).values().clone().append("_extra", BsonNull.VALUE));
    }

    @Test
    void thePreEncodedChangeDecodesItsFullRowSetOnDemand() {
        Codec codec = new Codec(EDGES);
        RowSet rowSet = things(new BsonDocument("_id", new BsonInt32(3)).append("name", new BsonString("x")), List.of());
        SinkRecord.Change change = codec.fast(rowSet).orElseThrow();
        assertThat(change.collection()).isEqualTo("things");
        assertThat(change.idJson()).isEqualTo("{\"$numberInt\": \"3\"}");
        assertThat(change.copyRows()).isNotNull();
        RowSet decoded = codec.decoded(rowSet);
        assertThat(decoded.rows().get(0).get("name")).isEqualTo(new BsonString("x"));
        assertThat(change.rowSet()).isEqualTo(decoded);
        assertThat(change).isEqualTo(new SinkRecord.Change(POSITION, decoded));
    }

    private static RowSet things(BsonDocument root, List<Row> parts) {
        List<Row> rows = new java.util.ArrayList<>();
        rows.add(new Row("things", root));
        rows.addAll(parts);
        return new RowSet("things", Operation.UPSERT, root.get("_id"), new SourcePosition("things", 1L, 0, true, null),
                rows);
    }

    private static Row part(BsonValue rootId, int ordinal, String label) {
        return new Row("thing_parts", new BsonDocument(RelationalModel.ROOT_ID, rootId)
                .append(RelationalModel.ORDINAL, new BsonInt32(ordinal)).append("label", new BsonString(label)));
    }

    /** Both paths for one mapping: Avro single-object bytes, read fast or decoded and encoded the generic way. */
    private static final class Codec {
        private final SingleObjectRowSetSerializer serializer;
        private final RowSetDeserializer deserializer;
        private final AvroCopyReader reader;
        private final RowSetEncoder encoder;

        Codec(Mapping mapping) {
            serializer = new SingleObjectRowSetSerializer(new RowSetAvroConverter(RowSetSchemas.of(mapping)));
            deserializer = new RowSetDeserializer(mapping, null);
            RelationalModel model = RelationalModel.of(mapping);
            reader = new AvroCopyReader(model, deserializer);
            encoder = new RowSetEncoder(model);
        }

        Optional<SinkRecord.Change> fast(RowSet rowSet) {
            byte[] bytes = serializer.serialize("t", rowSet);
            return reader.read(POSITION, bytes, () -> deserializer.deserialize("t", bytes));
        }

        RowSet decoded(RowSet rowSet) {
            return deserializer.deserialize("t", serializer.serialize("t", rowSet));
        }

        EncodedRowSet generic(RowSet rowSet) {
            return encoder.encode(new SinkRecord.Change(POSITION, decoded(rowSet)));
        }

        void assertSameEncoding(RowSet rowSet) {
            EncodedRowSet expected = generic(rowSet);
            EncodedRowSet actual = encoder.encode(fast(rowSet).orElseThrow());
            assertThat(actual.idField()).isEqualTo(expected.idField());
            assertThat(actual.idLiteral()).isEqualTo(expected.idLiteral());
            assertThat(actual.rows()).containsExactly(expected.rows());
            assertThat(actual.data().length).isEqualTo(expected.data().length);
            for (int i = 0; i < expected.data().length; i++) {
                assertThat(new String(actual.data()[i], StandardCharsets.UTF_8)).as("table %d of %s", i, rowSet.id())
                        .isEqualTo(new String(expected.data()[i], StandardCharsets.UTF_8));
            }
        }
    }
}
