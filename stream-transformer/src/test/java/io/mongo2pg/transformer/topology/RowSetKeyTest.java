package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import io.mongo2pg.transformer.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** {@link RowSetKey} writes the bytes {@link RowSetCodec#encodeKey} writes, for every sample _id and odd ones. */
class RowSetKeyTest {
    @Test
    void shouldWriteTheKeyRowSetCodecWrites() throws IOException {
        List<BsonValue> ids = new ArrayList<>(List.of(new BsonString("é\"\\\n\u0000\uD83D\uDE00\uD800"),
                new BsonInt32(-7), new BsonInt64(Long.MIN_VALUE), new BsonDouble(-0.0),
                new BsonDecimal128(Decimal128.parse("1.50")), new BsonDocument("a", new BsonArray(List.of(
                        new BsonInt32(1), new BsonString("x"))))));
        try (Stream<Path> files = Files.walk(TestData.root().resolve("../shared/data/mongodb-samples").normalize())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                ExtendedJsonFile.readAll(file).forEach(document -> ids.add(document.get("_id")));
            }
        }

        for (BsonValue id : ids) {
            assertThat(RowSetKey.encode(id)).as(id.toString()).isEqualTo(RowSetCodec.encodeKey(id));
        }
        assertThat(ids).hasSizeGreaterThan(1000);
    }
}
