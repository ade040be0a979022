package io.mongo2pg.mapping.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.SharedData;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serializer writes the datum straight from the RowSet: the bytes must be exactly those of Avro's own encoder
 * writing {@link RowSetAvroConverter#toRecord}'s record, for every sample document (every column type the samples
 * have, arrays, child tables, nulls), with and without a source position and transaction id, and for deletes.
 */
class SingleObjectRowSetSerializerTest {
    private static final SourcePosition IN_TRANSACTION = new SourcePosition("c", 1_700_000_000_000L, 3, true, "lsid:7");
    private static final SourcePosition PLAIN = new SourcePosition("c", 1_700_000_000_001L, 0, false, null);

    static java.util.stream.Stream<Path> sampleFiles() throws IOException {
        return RowSetAvroTest.sampleFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void shouldWriteTheBytesOfAvrosOwnEncoderOfTheRecord(Path file) throws IOException {
        String collection = file.getFileName().toString().split("\\.")[0];
        Mapping mapping = SharedData.exampleMapping(file.getParent().getFileName().toString());
        Normalizer normalizer = new Normalizer(mapping);
        RowSetAvroConverter converter = new RowSetAvroConverter(RowSetSchemas.of(mapping));
        SingleObjectRowSetSerializer serializer = new SingleObjectRowSetSerializer(converter);
        BinaryMessageEncoder<GenericRecord> avro = new BinaryMessageEncoder<>(GenericData.get(),
                converter.schemas().forCollection(collection));
        int written = 0;
        for (BsonDocument document : ExtendedJsonFile.readAll(file)) {
            for (RowSet rowSet : new RowSet[] {normalizer.upsert(collection, document, IN_TRANSACTION),
                    normalizer.upsert(collection, document, PLAIN), normalizer.upsert(collection, document, null),
                    RowSet.delete(collection, document.get("_id", BsonNull.VALUE), PLAIN)}) {
                assertThat(serializer.serialize("rows", rowSet)).as("%s", document.get("_id"))
                        .isEqualTo(avro.encode(converter.toRecord(rowSet)).array());
                written++;
            }
        }
        assertThat(written).isPositive();
    }
}
