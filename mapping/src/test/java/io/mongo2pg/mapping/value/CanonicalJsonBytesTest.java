package io.mongo2pg.mapping.value;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJsonBytes} writes the UTF-8 bytes of {@link ExtendedJson#canonical}'s text, with one reused
 * instance, for every document of ../shared/data/mongodb-samples and its every value, and for every UTF-16 character.
 */
class CanonicalJsonBytesTest {
    @Test
    void shouldWriteTheBytesOfTheCanonicalTextOfEverySampleDocumentAndValue() throws IOException {
        CanonicalJsonBytes json = new CanonicalJsonBytes();
        int written = 0;
        try (Stream<Path> files = Files.walk(SharedData.root().resolve("../shared/data/mongodb-samples").normalize())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (BsonDocument document : ExtendedJsonFile.readAll(file)) {
                    assertSameBytes(json, document);
                    document.values().forEach(value -> assertSameBytes(json, value));
                    written++;
                }
            }
        }
        assertThat(written).isGreaterThan(1000);
    }

    @Test
    void shouldWriteEveryUtf16CharacterAndNumberAsTheTextHasThem() {
        CanonicalJsonBytes json = new CanonicalJsonBytes();
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            every.append(c);
        }
        List<BsonValue> values = new ArrayList<>(List.of(new BsonString(every.toString()),
                new BsonString("\uD83D\uDE00 pair, lone \uD800 and \uDC00"), new BsonInt64(Long.MIN_VALUE),
                new BsonInt64(Long.MAX_VALUE), new BsonInt64(0), new BsonInt32(Integer.MIN_VALUE), new BsonInt32(-7),
                new BsonDocument("k\u00e9y\u0000", new BsonArray(List.of(new BsonInt32(1), new BsonString("")))),
                new BsonString("short")));
        values.forEach(value -> assertSameBytes(json, value));
    }

    private static void assertSameBytes(CanonicalJsonBytes json, BsonValue value) {
        String text = ExtendedJson.canonical(value);
        json.write(value);
        assertThat(Arrays.copyOf(json.bytes(), json.length())).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(json.text()).isEqualTo(text);
    }
}
