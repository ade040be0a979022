package io.mongo2pg.mapping.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.Documents;
import io.mongo2pg.mapping.SharedData;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.ExcludedFields;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RowSets as Avro single-object encoding, on every document of the real samples, and schema evolution. */
class RowSetAvroTest {
    private static final SourcePosition SOURCE = new SourcePosition("c", 1_700_000_000_000L, 3, false, "lsid:7");

    static Stream<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SharedData.samples(""))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void shouldGiveBackEveryDocumentThroughSingleObjectAvro(Path file) {
        String collectionName = file.getFileName().toString().split("\\.")[0];
        Mapping mapping = SharedData.exampleMapping(file.getParent().getFileName().toString());
        CollectionMapping collection = mapping.collection(collectionName).orElseThrow();
        Normalizer normalizer = new Normalizer(mapping);
        Reassembler reassembler = new Reassembler(mapping);
        SingleObjectRowSetSerializer serializer = new SingleObjectRowSetSerializer(
                new RowSetAvroConverter(RowSetSchemas.of(mapping)));
        try (RowSetDeserializer deserializer = new RowSetDeserializer(mapping, null)) {
            for (BsonDocument document : ExtendedJsonFile.readAll(file)) {
                RowSet sent = normalizer.upsert(collectionName, document, SOURCE);
                byte[] bytes = serializer.serialize("rows", sent);
                RowSet received = deserializer.deserialize("rows", bytes);

                assertThat(bytes[0]).isEqualTo((byte) 0xC3);
                assertThat(received.id()).isEqualTo(sent.id());
                assertThat(received.source()).isEqualTo(SOURCE);
                assertThat(received.rows()).extracting(r -> r.table()).isEqualTo(sent.rows().stream()
                        .map(r -> r.table()).toList());
                BsonDocument back = reassembler.reassemble(collectionName, received.rows());
                assertThat(Documents.ordered(back)).as("document %s", document.get("_id"))
                        .isEqualTo(Documents.ordered(ExcludedFields.without(collection, document)));
            }
        }
    }

    @Test
    void shouldReadDeletesJsonRowSetsAndRejectAnythingElseNamingTheFormats() {
        Mapping mapping = SharedData.exampleMapping("sample_analytics");
        RowSet delete = RowSet.delete("accounts", new org.bson.BsonObjectId(), SOURCE);
        SingleObjectRowSetSerializer serializer = new SingleObjectRowSetSerializer(
                new RowSetAvroConverter(RowSetSchemas.of(mapping)));

        try (RowSetDeserializer deserializer = new RowSetDeserializer(mapping, null)) {
            assertThat(deserializer.deserialize("t", serializer.serialize("t", delete))).isEqualTo(delete);
            assertThat(deserializer.deserialize("t", RowSetCodec.encode(delete))).as("JSON fallback").isEqualTo(delete);
            assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 1, 2}))
                    .hasMessageContaining("Confluent wire format, but no schema registry URL is configured");
            assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {7, 1}))
                    .hasMessageContaining("starts with byte 0x07, expected 0x00 (Confluent wire format), 0xC3 0x01");
        }
    }

    @Test
    void shouldEvolveCompatiblyWhenTheMappingGainsAColumnAndNotWhenATypeChanges() {
        Schema before = accounts("account_id: {type: integer}");
        Schema added = accounts("account_id: {type: integer}\n      limit: {type: integer}");
        Schema retyped = accounts("account_id: {type: text}");

        assertThat(compatibility(added, before)).as("backward: new reader, old data")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(before, added)).as("forward: old reader, new data")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(retyped, before)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldReadSingleObjectRowSetsOfAnEarlierMappingOnceItsSchemaIsAdded() {
        Mapping old = mapping("account_id: {type: integer}");
        Mapping current = mapping("account_id: {type: integer}\n      limit: {type: integer}");
        BsonDocument account = BsonDocument.parse("{_id: {$oid: '5ca4bbc7a2dd94ee5816238c'}, account_id: 371138, "
                + "limit: 9000}");
        byte[] written = new SingleObjectRowSetSerializer(new RowSetAvroConverter(RowSetSchemas.of(old)))
                .serialize("t", new Normalizer(old).upsert("accounts", account, SOURCE));

        try (RowSetDeserializer deserializer = new RowSetDeserializer(current, null)) {
            assertThatThrownBy(() -> deserializer.deserialize("t", written)).hasMessageContaining("different mapping");
            deserializer.addSchema(RowSetSchemas.of(old).forCollection("accounts"));

            RowSet read = deserializer.deserialize("t", written);
            assertThat(read.rows().get(0).values().getInt32("account_id").getValue()).isEqualTo(371138);
            assertThat(read.rows().get(0).values().containsKey("limit")).as("written without that column").isFalse();
        }
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Schema accounts(String columns) {
        return RowSetSchemas.of(mapping(columns)).forCollection("accounts");
    }

    static Mapping mapping(String columns) {
        return SharedData.mapping("collections:\n  accounts:\n    columns:\n      " + columns + "\n");
    }

}
