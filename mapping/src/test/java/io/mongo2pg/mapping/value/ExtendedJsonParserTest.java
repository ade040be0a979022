package io.mongo2pg.mapping.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongo2pg.mapping.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ExtendedJsonParser} must give exactly what the BSON library gives ({@link ExtendedJson#parseDocument}):
 * the same values of the same BSON types (Int32, Int64 and Double told apart) in the same key order, or the same
 * error. Checked on every document of ../shared/data/mongodb-samples in every Extended JSON flavour the library
 * writes (v1 strict is what Debezium's legacy mode puts in {@code after}), and on every Extended JSON document
 * inside every Debezium event file.
 */
class ExtendedJsonParserTest {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    /** $-forms the fast path leaves to the library on purpose. */
    private static final Pattern LEFT_TO_LIBRARY = Pattern.compile("\"\\$(binary|type|uuid|regex|options|code|scope"
            + "|maxKey|minKey|regularExpression|symbol|timestamp|undefined|dbPointer)\"");
    /** A JSON string literal after one of the envelope fields that hold Extended JSON documents. */
    private static final Pattern DOCUMENT_FIELD = Pattern.compile(
            "\"(after|before|updatedFields|patch|filter)\"\\s*:\\s*(\"(?:[^\"\\\\]++|\\\\.)*+\")");
    /** A record key's {@code _id}: a JSON string holding one Extended JSON value. */
    private static final Pattern KEY_ID = Pattern.compile("\"id\"\\s*:\\s*(\"(?:[^\"\\\\]++|\\\\.)*+\")");
    /** A JSON string literal: a whole envelope may be written as one (test fixtures of other projects). */
    private static final Pattern ESCAPED_ENVELOPE = Pattern.compile(
            "\"(?:[^\"\\\\]++|\\\\.)*+\"");
    /** A document quoted as code in Debezium's documentation ({@code `{"timestamp": {"$date": ...}}`}). */
    private static final Pattern QUOTED_DOCUMENT = Pattern.compile("`(\\{[^`]*})`");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> sampleFiles() throws IOException {
        return files(SharedData.root().resolve("../shared/data/mongodb-samples").normalize());
    }

    static Stream<Path> eventFiles() throws IOException {
        return files(SharedData.root().resolve("../shared/data/debezium-events").normalize())
                .filter(f -> !f.getFileName().toString().equals("README.md"));
    }

    @ParameterizedTest
    @MethodSource("sampleFiles")
    void shouldReadEverySampleDocumentInEveryFlavourAsTheLibraryDoes(Path file) throws IOException {
        List<BsonDocument> documents = ExtendedJsonFile.readAll(file);
        assertThat(documents).isNotEmpty();
        for (BsonDocument document : documents) {
            for (JsonMode mode : JsonMode.values()) {
                String text = document.toJson(JsonWriterSettings.builder().outputMode(mode).build());
                assertSameAsLibrary(text);
                if (mode != JsonMode.SHELL && !LEFT_TO_LIBRARY.matcher(text).find()) {
                    assertThat(ExtendedJsonParser.readCommonForms(text)).as("read without the library: " + text)
                            .isNotNull();
                }
            }
        }
        if (file.toString().endsWith(".json") && !file.toString().contains("pretty")) {
            Files.lines(file).forEach(ExtendedJsonParserTest::assertSameAsLibrary);
        }
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void shouldReadEveryDocumentOfEveryDebeziumEventAsTheLibraryDoes(Path file) throws IOException {
        List<String> documents = extendedJsonDocuments(Files.readString(file));
        for (String text : documents) {
            assertSameAsLibrary(text);
        }
        Matcher keys = KEY_ID.matcher(Files.readString(file));
        while (keys.find()) {
            assertSameValueAsLibrary(stringLiteral(keys.group(1)));
        }
        if (Files.readString(file).contains("\"after\"")) {
            assertThat(documents).as("documents found in " + file).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": 1e5, \"b\": 1E+5, \"c\": 1.5e-3, \"d\": -0, \"e\": -0.0, \"f\": 0.1, \"g\": 1.0}",
        "{\"a\": 2147483647, \"b\": 2147483648, \"c\": -2147483648, \"d\": -2147483649}",
        "{\"a\": 9223372036854775807, \"b\": -9223372036854775808}",
        "{\"a\": 9223372036854775808}", "{\"a\": 1.7976931348623157E309}", "{\"a\": 4.9e-325}",
        "{\"a\": 12345678901234567890.5}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": 1.}", "{\"a\": +1}",
        "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": undefined}",
        "{\"a\": {\"$date\": 0}, \"b\": {\"$date\": -1}, \"c\": {\"$date\": 1746034410610}}",
        "{\"a\": {\"$date\": 1.5}}", "{\"a\": {\"$date\": 92233720368547758070}}",
        "{\"a\": {\"$date\": \"1970-01-01\"}, \"b\": {\"$date\": \"2025-04-30T17:33:30.61+02:00\"}}",
        "{\"a\": {\"$date\": \"2025-04-30T17:33:30.123456789Z\"}, \"b\": {\"$date\": \"1901-01-01T00:00:00Z\"}}",
        "{\"a\": {\"$date\": \"2025-04-30T17:33:30\"}}", "{\"a\": {\"$date\": \"bad\"}}",
        "{\"a\": {\"$date\": \"+292278994-08-17T07:12:55.807Z\"}}", "{\"a\": {\"$date\": \"1970-1-1\"}}",
        "{\"a\": {\"$date\": {\"$numberLong\": \"-62135596800000\"}}}", "{\"a\": {\"$date\": {\"$numberLong\": 5}}}",
        "{\"a\": {\"$date\": {\"$numberInt\": \"5\"}}}", "{\"a\": {\"$date\": 5, \"b\": 1}}",
        "{\"a\": {\"$oid\": \"5F3F1E2D3C4B5A6978877665\"}}", "{\"a\": {\"$oid\": \"zz\"}}", "{\"a\": {\"$oid\": 5}}",
        "{\"a\": {\"$numberLong\": \"5\"}, \"b\": {\"$numberLong\": \"+5\"}, \"c\": {\"$numberLong\": \"-0\"}}",
        "{\"a\": {\"$numberLong\": 5}}", "{\"a\": {\"$numberLong\": \"5\", \"x\": 1}}",
        "{\"a\": {\"$numberLong\": \"9223372036854775808\"}}", "{\"a\": {\"$numberLong\": \" 5\"}}",
        "{\"a\": {\"$numberInt\": \"2147483648\"}}", "{\"a\": {\"$numberInt\": \"-7\"}}",
        "{\"a\": {\"$numberDouble\": \"Infinity\"}, \"b\": {\"$numberDouble\": \"-Infinity\"}, "
                + "\"c\": {\"$numberDouble\": \"NaN\"}, \"d\": {\"$numberDouble\": \"-0.0\"}, "
                + "\"e\": {\"$numberDouble\": \" 1.5d\"}, \"f\": {\"$numberDouble\": \"0x1p3\"}}",
        "{\"a\": {\"$numberDecimal\": \"1E+3\"}, \"b\": {\"$numberDecimal\": \"NaN\"}, "
                + "\"c\": {\"$numberDecimal\": \"-0.00\"}, \"d\": {\"$numberDecimal\": \"-Infinity\"}}",
        "{\"a\": {\"$numberDecimal\": \"1.2.3\"}}", "{\"a\": {\"$numberDecimal\": \"1e6145\"}}",
        "{\"a\": {\"$binary\": \"AQI=\", \"$type\": \"00\"}}", "{\"a\": {\"$binary\": {\"base64\": \"AQI=\", "
                + "\"subType\": \"04\"}}}", "{\"a\": {\"$timestamp\": {\"t\": 1, \"i\": 2}}}",
        "{\"a\": {\"$regex\": \"^x\", \"$options\": \"i\"}}", "{\"a\": {\"$minKey\": 1}}", "{\"x\": {\"$foo\": 1}}",
        "{\"x\": {\"a\": 1, \"$oid\": \"5f3f1e2d3c4b5a6978877665\"}}", "{\"$oid\": \"5f3f1e2d3c4b5a6978877665\"}",
        "{\"a\": {\"$dbPointer\": {\"$id\": {\"$oid\": \"5f3f1e2d3c4b5a6978877665\"}, \"$ref\": \"c\"}}, \"b\": 1}",
        "{\"a\": 1, \"a\": 2, \"b\": 3}", "{\"\": 1}", "{}", "{\"a\": {}, \"b\": [], \"c\": [[], [{}]]}",
        "{\"a\": \"\\u0000\\/\\uD83D\\uDE00\\ud800\\t\\\"\\\\\"}", "{\"a\": \"\u00e9\u4e2d\"}",
        "{\"a\": \"\\x\"}", "{\"a\": \"line\nbreak\"}", "{\"a\": 1} trailing", "{\"a\": 1,}", "{\"a\": 1 \"b\": 2}",
        "{a: 1}", "{'a': 'b'}", "{\"a\": ObjectId(\"5f3f1e2d3c4b5a6978877665\")}", "{\"a\": new Date(0)}",
        "{\"a\": 1 /* c */}", "[1, 2]", "\"text\"", "", "   ", "{", "{\"a\": [1, 2}", "{\"a\": tru}",
        " \n\t{\"a\": [true, false, null, {\"$numberInt\": \"2\"}]}"
    })
    void shouldAgreeWithTheLibraryOnEdgeCasesAndMalformedText(String text) {
        assertSameAsLibrary(text);
        assertSameValueAsLibrary(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"$oid\": \"5f3f1e2d3c4b5a6978877665\"}", "\"a string\"", "42", "2147483648", "-1.5",
        "{\"$numberLong\": \"7\"}", "{\"a\": 1, \"b\": {\"$date\": 0}}", "[1, \"x\"]", "true", "null", "x", "",
        "{\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"04\"}}", "\"unterminated", "42 43"})
    void shouldReadSingleValuesAsTheLibraryDoes(String text) {
        assertSameValueAsLibrary(text);
    }

    private static void assertSameValueAsLibrary(String text) {
        Object library = outcome(() -> new BsonDocument("v", ExtendedJson.parseValue(text)));
        Object fast = outcome(() -> new BsonDocument("v", ExtendedJsonParser.parseValue(text)));
        assertThat(fast).as(text).isEqualTo(library);
    }

    /**
     * Both read the same document, compared with its key order and BSON types; or both refuse it alike. The text's
     * UTF-8 bytes ({@link ExtendedJsonParser#parseCommonForms}) give the same document whenever they give one, and
     * give one whenever the text's own fast path does and the text starts as Debezium's documents do.
     */
    private static void assertSameAsLibrary(String text) {
        Object library = outcome(() -> ExtendedJson.parseDocument(text));
        Object fast = outcome(() -> ExtendedJsonParser.parseDocument(text));
        assertThat(fast).as(text).isEqualTo(library);
        if (StandardCharsets.UTF_8.newEncoder().canEncode(text)) { // else the text has lone surrogates, bytes cannot
            byte[] bytes = ("  " + text + "  ").getBytes(StandardCharsets.UTF_8);
            BsonDocument fromBytes = ExtendedJsonParser.parseCommonForms(bytes, 2, bytes.length - 4);
            if (fromBytes != null) {
                assertThat(outcome(() -> fromBytes)).as("from bytes: " + text).isEqualTo(library);
            }
            if (text.startsWith("{") && text.length() >= 4 && ExtendedJsonParser.readCommonForms(text) != null) {
                assertThat(fromBytes).as("read from bytes: " + text).isNotNull();
            }
        }
    }

    /** The document's canonical text (every type and key order spelled out), or the exception's class and message. */
    private static Object outcome(java.util.function.Supplier<BsonDocument> parse) {
        try {
            BsonDocument document = parse.get();
            return List.of(document, document.toJson(CANONICAL));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Every Extended JSON document held in a document field of an envelope, also inside string-encoded envelopes. */
    private static List<String> extendedJsonDocuments(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = DOCUMENT_FIELD.matcher(text);
        while (m.find()) {
            String value = stringLiteral(m.group(2));
            if (value.strip().startsWith("{")) {
                found.add(value);
            }
            found.addAll(extendedJsonDocuments(value));
        }
        Matcher quoted = QUOTED_DOCUMENT.matcher(text);
        while (quoted.find()) {
            found.add(quoted.group(1));
        }
        Matcher escaped = ESCAPED_ENVELOPE.matcher(text);
        while (escaped.find()) {
            if (escaped.group().contains("\\\"after\\\"")) {
                found.addAll(extendedJsonDocuments(stringLiteral(escaped.group())));
            }
        }
        return found;
    }

    /** The text of a JSON string literal; "" when the regex caught something else in a prose file. */
    private static String stringLiteral(String literal) {
        try {
            return JSON.readValue(literal, String.class);
        } catch (IOException e) {
            return "";
        }
    }

    private static Stream<Path> files(Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }
}
