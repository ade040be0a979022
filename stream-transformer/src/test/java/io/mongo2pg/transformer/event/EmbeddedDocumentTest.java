package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import io.mongo2pg.transformer.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code after} and {@code before} read from the record's bytes ({@link EmbeddedDocument}) are the documents the
 * general path reads from the string Jackson decodes, on every event of the real JSON-lines files and on every
 * sample document written as Debezium writes it (in every Extended JSON flavour); and {@link JsonStringLiteral}
 * unescapes exactly as Jackson does, or refuses.
 */
class EmbeddedDocumentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int FLAVOURED = 50;
    @SuppressWarnings("deprecation") // STRICT is what Debezium's legacy mode writes
    private static final List<JsonMode> MODES = List.of(JsonMode.STRICT, JsonMode.RELAXED, JsonMode.EXTENDED,
            JsonMode.SHELL);

    @Test
    void shouldReadTheDocumentsOfEveryRealEventAsTheGeneralPathDoes() throws IOException {
        int read = 0;
        for (String event : realEvents()) {
            read += assertSameDocuments(event.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read).as("documents read from bytes").isGreaterThan(10);
    }

    @Test
    @SuppressWarnings("deprecation")
    void shouldReadEverySampleDocumentInEveryFlavourAsTheGeneralPathDoes() throws IOException {
        int read = 0;
        try (Stream<Path> files = Files.walk(TestData.root().resolve("../shared/data/mongodb-samples").normalize())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                List<BsonDocument> documents = ExtendedJsonFile.readAll(file);
                for (int i = 0; i < documents.size(); i++) {
                    // Every document as Debezium's default (legacy) mode writes it, a few in the other flavours.
                    for (JsonMode mode : i < FLAVOURED ? MODES : List.of(JsonMode.STRICT)) {
                        String text = documents.get(i).toJson(JsonWriterSettings.builder().outputMode(mode).build());
                        ObjectNode value = MAPPER.createObjectNode().put("op", "c").put("after", text);
                        read += assertSameDocuments(MAPPER.writeValueAsBytes(value));
                    }
                }
            }
        }
        assertThat(read).as("documents read from bytes").isGreaterThan(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "\"", "\\", "/", "\b\f\n\r\t", "\u0000\u001f\u007f", "é中€", "\uD83D\uDE00",
        "tab\tin the middle of a longer text, past eight bytes", "\"quoted\" and \\\\ back\\slashes\\\\ ...",
        "{\"$oid\": \"5f3f1e2d3c4b5a6978877665\"}", "0123456789abcdef0123456789abcdef\"x", "abcdefg\"", "abcdefgh\\"})
    void shouldUnescapeAsJacksonDoes(String text) throws IOException {
        assertUnescapedAsJackson(MAPPER.writeValueAsString(text));
        assertUnescapedAsJackson("\"" + text.replace("\\", "\\\\").replace("\"", "\\u0022").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f")
                .replace("\u0000", "\\u0000").replace("\u001f", "\\u001F").replace("é", "\\u00e9")
                .replace("中", "\\u4E2D").replace("/", "\\/").replace("\uD83D\uDE00", "\\ud83d\\uDE00") + "\"");
    }

    @Test
    void shouldUnescapeRandomTextAsJacksonDoes() throws IOException {
        Random random = new Random(42);
        char[] alphabet = "ab \"\\/\n\t\u0001é€\uD83D\uDE00{}:,".toCharArray();
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String valid = text.toString().replace("\uD83D\uDE00", "").replace("\uD83D", "").replace("\uDE00", "");
            assertUnescapedAsJackson(MAPPER.writeValueAsString(valid));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"lone \\ud800 high\"", "\"lone \\udc00 low\"", "\"high then text \\ud83dx\"",
        "\"bad \\x escape\"", "\"bad \\u12g4 hex\"", "\"short \\u12\"", "\"raw \u0001 control\"",
        "\"raw\nnewline that goes on for a while\"", "\"unterminated", "\"unterminated and longer than a word\\\"",
        "\"ends in a backslash\\"})
    void shouldRefuseWhatItLeavesToJackson(String literal) {
        byte[] json = literal.getBytes(StandardCharsets.UTF_8);

        assertThat(new JsonStringLiteral().unescape(json, 0)).isFalse();
    }

    private static void assertUnescapedAsJackson(String literal) throws IOException {
        byte[] json = ("{\"x\": " + literal + ", \"y\": 1}").getBytes(StandardCharsets.UTF_8);
        JsonStringLiteral unescaped = new JsonStringLiteral();
        assertThat(unescaped.unescape(json, "{\"x\": ".length())).as(literal).isTrue();
        String jackson = MAPPER.readTree(json).get("x").textValue();
        assertThat(new String(unescaped.bytes(), 0, unescaped.length(), StandardCharsets.UTF_8)).as(literal)
                .isEqualTo(jackson);
    }

    /**
     * Reads the value with and without its bytes; every {@code after} and {@code before} must be the same document.
     * Returns how many were read from the bytes.
     */
    private static int assertSameDocuments(byte[] value) throws IOException {
        JsonNode general;
        JsonNode fromBytes;
        try (JsonParser parser = FACTORY.createParser(value)) {
            general = EnvelopeFields.read(parser, EnvelopeFields.VALUE);
        }
        try (JsonParser parser = FACTORY.createParser(value)) {
            fromBytes = EnvelopeFields.read(parser, EnvelopeFields.VALUE, value, new JsonStringLiteral());
        }
        int read = 0;
        for (JsonNode payload : List.of(general.path("payload"), general)) {
            JsonNode bytesPayload = payload == general ? fromBytes : fromBytes.path("payload");
            for (String field : List.of("after", "before")) {
                BsonDocument document = EmbeddedDocument.of(bytesPayload.get(field));
                if (document == null) {
                    assertThat(bytesPayload.get(field)).as(field).isEqualTo(payload.get(field));
                } else {
                    assertThat(document).as(payload.get(field).textValue())
                            .isEqualTo(ExtendedJsonParser.parseDocument(payload.get(field).textValue()));
                    assertThat(document.toJson()).isEqualTo(ExtendedJsonParser.parseDocument(
                            payload.get(field).textValue()).toJson());
                    read++;
                }
            }
        }
        return read;
    }

    /** Every change event of the JSON-lines files (fixture files hold events as the "raw" text of valid JSON). */
    static List<String> realEvents() throws IOException {
        List<String> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestData.debeziumEvents(""))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = line.isBlank() ? null : MAPPER.readTree(line);
                    if (node != null && node.has("raw")) {
                        if (node.path("valid_json").asBoolean() && MAPPER.readTree(node.get("raw").asText()).isObject()) {
                            events.add(node.get("raw").asText());
                        }
                    } else if (node != null) {
                        events.add(line);
                    }
                }
            }
        }
        return events;
    }
}
