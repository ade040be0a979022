package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * {@link ExtendedJson#canonical} writes its own canonical Extended JSON for speed; RowSets, keys and jsonb values
 * must stay exactly the text the BSON library writes, so every generated document of every BSON type, and strings
 * of any UTF-16 characters, must come out identical.
 */
class CanonicalJsonPropertiesTest {
    private static final JsonWriterSettings LIBRARY = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @Property(tries = 500)
    void shouldWriteDocumentsAsTheBsonLibraryDoes(@ForAll("documents") BsonValue document) {
        assertThat(ExtendedJson.canonical(document.asDocument())).isEqualTo(document.asDocument().toJson(LIBRARY));
    }

    @Property(tries = 1000)
    void shouldWriteSingleValuesAsTheBsonLibraryDoes(@ForAll("values") BsonValue value) {
        String wrapped = new BsonDocument("v", value).toJson(LIBRARY);

        assertThat("{\"v\": " + ExtendedJson.canonical(value) + "}").isEqualTo(wrapped);
    }

    @Property(tries = 2000)
    void shouldEscapeStringsAndNamesAsTheBsonLibraryDoes(@ForAll("anyText") String text) {
        BsonDocument document = new BsonDocument(text, new BsonString(text));

        assertThat(ExtendedJson.canonical(document)).isEqualTo(document.toJson(LIBRARY));
    }

    /** Long strings are scanned eight bytes at a time: specials at every position of a word, at its ends, none. */
    @Property(tries = 2000)
    void shouldEscapeLongMostlyAsciiStringsAsTheBsonLibraryDoes(@ForAll("longText") String text) {
        BsonDocument document = new BsonDocument(text, new BsonString(text));

        assertThat(ExtendedJson.canonical(document)).isEqualTo(document.toJson(LIBRARY));
    }

    @Example
    void shouldEscapeEveryUtf16CharacterAsTheBsonLibraryDoes() {
        StringBuilder all = new StringBuilder();
        IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE).forEach(c -> all.append((char) c));
        BsonDocument document = new BsonDocument("s", new BsonString(all.toString()));

        assertThat(ExtendedJson.canonical(document)).isEqualTo(document.toJson(LIBRARY));
    }

    @Example
    void shouldWriteEveryBinarySubtypeAsTheBsonLibraryDoes() {
        BsonDocument document = new BsonDocument();
        IntStream.range(0, 256).forEach(t -> document.put("t" + t, new BsonBinary((byte) t, new byte[] {(byte) t})));

        assertThat(ExtendedJson.canonical(document)).isEqualTo(document.toJson(LIBRARY));
    }

    @Provide
    Arbitrary<BsonValue> documents() {
        return Arbitraries.oneOf(new GeneratedDocuments(false).things(), new GeneratedDocuments(true).things());
    }

    @Provide
    Arbitrary<BsonValue> values() {
        return new GeneratedDocuments(false).any(3);
    }

    @Provide
    Arbitrary<String> longText() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(20).ofMaxLength(90);
        Arbitrary<String> mixed = Arbitraries.strings().withCharRange(' ', '~')
                .withChars('"', '\\', '\n', '\0', '\u007f', '\u0080', '\u00e9', '\u0141', '\u2028', '\uD83D', '\uDE00')
                .ofMinLength(20).ofMaxLength(90);
        return Arbitraries.oneOf(plain, mixed);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }
}
