package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongo2pg.mapping.normalize.TextCheck;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import io.mongo2pg.transformer.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass reading of a record value ({@link EnvelopeScanner}) gives exactly the event the general path
 * ({@link EnvelopeParser#parse(String, String)}, Jackson's tree) gives, or leaves the record to it: on every real
 * event, on generated events of every operation and shape, and on thousands of corrupted ones, where it must
 * never accept what the general path refuses.
 */
class EnvelopeScannerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @SuppressWarnings("deprecation") // STRICT is what Debezium's legacy mode writes
    private static final JsonWriterSettings LEGACY = JsonWriterSettings.builder().outputMode(JsonMode.STRICT).build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final String KEY = "{\"id\": \"\\\"doc-1\\\"\"}";
    private static final BsonValue ID = new BsonString("doc-1");
    /** The cases below write {@code @AFTER} for this. */
    private static final String AFTER = "\"after\": \"{\\\"_id\\\": \\\"doc-1\\\"}\"";
    private static final String USUAL = "{\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", "
            + "\"ts_ms\": 1, \"ord\": 1}}";
    private static final byte[] NOISE = "{}[]\":,\\ 0-.e9tfnu\u0001é".getBytes(StandardCharsets.UTF_8);

    private final EnvelopeScanner scanner = new EnvelopeScanner(new JsonStringLiteral(), new JsonFactory());
    private final EnvelopeParser general = new EnvelopeParser();

    @Test
    void shouldReadEveryRealEventAsTheGeneralPathDoesOrLeaveItToIt() throws IOException {
        int scanned = 0;
        for (String event : EmbeddedDocumentTest.realEvents()) {
            scanned += assertSameAsGeneralPath(event.getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
        }
        assertThat(scanned).as("real events read in one pass").isGreaterThan(10);
    }

    @Test
    void shouldReadGeneratedEventsOfEveryOperationAndShapeInOnePass() throws IOException {
        for (byte[] event : generatedEvents()) {
            assertThat(assertSameAsGeneralPath(event)).as(new String(event, StandardCharsets.UTF_8)).isTrue();
        }
    }

    /** The scanner checks the UTF-8 it reads: bytes that are not UTF-8, anywhere in the value, are never accepted. */
    @Test
    void shouldNeverAcceptBytesThatAreNotUtf8() throws IOException {
        Random random = new Random(11);
        List<byte[]> events = generatedEvents();
        byte[][] broken = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xa9}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};
        byte[][] fine = {{(byte) 0xc3, (byte) 0xa9}, {(byte) 0xe2, (byte) 0x82, (byte) 0xac},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}};
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] event = events.get(random.nextInt(events.size()));
            byte[][] inserts = random.nextBoolean() ? broken : fine;
            byte[] value = insert(event, random.nextInt(event.length + 1), inserts[random.nextInt(inserts.length)]);
            ChangeEvent scanned = scanner.read(ID, value);
            if (!Utf8.isWellFormed(value)) {
                assertThat(scanned).as(new String(value, StandardCharsets.ISO_8859_1)).isNull();
            } else {
                accepted += assertSameAsGeneralPath(value) ? 1 : 0;
            }
        }
        assertThat(accepted).as("events with well-formed non-ASCII text read in one pass").isGreaterThan(100);
    }

    @Test
    void shouldReportBytesThatAreNotUtf8WhereverTheyAre() {
        String usual = USUAL.replace("@AFTER", AFTER);
        byte[] key = "{\"id\":\"{\\\"$oid\\\": \\\"5f3f1e2d3c4b5a6978877665\\\"}\"}".getBytes(StandardCharsets.UTF_8);
        // in the document, a name, a value the event is made of, and after the event
        for (int at : List.of(usual.indexOf("doc-1") + 2, usual.indexOf("collection") + 3, usual.indexOf("\"c\"") + 1,
                usual.length())) {
            byte[] value = insert(usual.getBytes(StandardCharsets.UTF_8), at, new byte[] {(byte) 0xc3});

            assertThat(scanner.read(ID, value)).as("at %d", at).isNull();
            assertThatThrownBy(() -> general.parse(key, value)).as("at %d", at)
                    .isInstanceOf(EnvelopeException.class).hasMessageContaining("not valid UTF-8");
        }
    }

    /** Only text with an escape of its own can hold what PostgreSQL cannot store; such text is left to be checked. */
    @ParameterizedTest
    @ValueSource(strings = {"nul \u0000 in it", "lone \uD800 surrogate", "text \\u0000 that only looks escaped",
        "\"quoted\" and \\ backslashed", "plain", "é中€\uD83D\uDE00"})
    void shouldKnowTheStringsStorableOnlyWithoutAnEscapeOfTheirOwn(String text) throws IOException {
        BsonDocument document = new BsonDocument("_id", ID).append("s", new BsonString(text));
        ObjectNode payload = payload(1, document);

        ChangeEvent event = scanner.read(ID, MAPPER.writeValueAsBytes(payload));

        boolean escaped = document.toJson(LEGACY).contains("\\u"); // what the scanner looks for, in Debezium's text
        assertThat(event.afterText()).isEqualTo(escaped ? TextCheck.REQUIRED : TextCheck.KNOWN_STORABLE);
        if (text.indexOf('\0') >= 0 || text.indexOf('\uD800') >= 0) {
            assertThat(event.afterText()).isEqualTo(TextCheck.REQUIRED);
        }
    }

    /** Corrupted events: whatever the scanner accepts, the general path accepts too, as the same event. */
    @Test
    void shouldNeverAcceptWhatTheGeneralPathRefusesNorReadItDifferently() throws IOException {
        Random random = new Random(7);
        List<byte[]> events = generatedEvents();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] corrupted = corrupt(events.get(random.nextInt(events.size())), random);
            if (new String(corrupted, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8).length != corrupted.length) {
                continue; // not UTF-8: refused before either path
            }
            refused += assertSameAsGeneralPath(corrupted) ? 0 : 1;
        }
        assertThat(refused).as("corrupted events left to the general path").isGreaterThan(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\": \"c\", \"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1, \"lsid\": \"{\\\"id\\\": 1}\", \"txnNumber\": 1}}",
        "{\"op\": \"c\", @AFTER, \"transaction\": {\"id\": \"t\"}, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"o\\u0070\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": \"1\", \"ord\": 1}}",
        "{\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 4294967296}}",
        "{\"op\": \"c\", @AFTER, \"ts_us\": 01, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"op\": \"c\", @AFTER, \"x\": \"raw\u0001control\", \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"op\": \"c\", @AFTER, \"x\": nul, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        "{\"schema\": {}, \"payload\": {\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}, \"op\": \"d\"}",
        "{\"payload\": {\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}}",
        "{\"op\": \"c\", \"after\": \"{\\\"a\\\": {\\\"$undefined\\\": true}}\", \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}",
        " {\"op\": \"c\", @AFTER, \"source\": {\"collection\": \"c\", \"db\": \"d\", \"ts_ms\": 1, \"ord\": 1}}"})
    void shouldLeaveUnusualValuesToTheGeneralPath(String value) {
        byte[] unusual = value.replace("@AFTER", AFTER).getBytes(StandardCharsets.UTF_8);

        assertThat(scanner.read(ID, unusual)).isNull();
        assertThat(scanner.read(ID, USUAL.replace("@AFTER", AFTER).getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    /** Scans {@code value}; asserts the result is the general path's. Returns whether the scanner read it. */
    private boolean assertSameAsGeneralPath(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        ChangeEvent scanned = scanner.read(ID, value);
        ChangeEvent expected;
        try {
            expected = general.parse(KEY, text);
        } catch (RuntimeException e) {
            assertThat(scanned).as("refused by the general path (%s): %s", e.getMessage(), text).isNull();
            return false;
        }
        if (scanned != null) {
            assertThat(withTextToCheck(scanned)).as(text).isEqualTo(expected);
            assertThat(scanned.afterText()).as("strings known storable: %s", text)
                    .isEqualTo(scanned.after() == null || text.contains("\\\\u") ? TextCheck.REQUIRED
                            : TextCheck.KNOWN_STORABLE);
        }
        return scanned != null;
    }

    /** The event as the general path gives it, which leaves every string to be checked. */
    private static ChangeEvent withTextToCheck(ChangeEvent event) {
        return new ChangeEvent(event.operation(), event.collection(), event.db(), event.id(), event.before(),
                event.after(), event.updateDescription(), event.source());
    }

    /** Sample documents as Debezium writes them: every operation, with and without the schema envelope. */
    private static List<byte[]> generatedEvents() throws IOException {
        List<BsonDocument> documents = ExtendedJsonFile.readAll(
                TestData.root().resolve("../shared/data/mongodb-samples/sample_mflix/movies.json").normalize());
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BsonDocument document = documents.get(i);
            ObjectNode payload = payload(i, document);
            events.add(MAPPER.writeValueAsBytes(payload));
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.putObject("schema").put("type", "struct").putArray("fields").addObject().put("field", "after");
            envelope.set("payload", payload);
            events.add(i % 2 == 0 ? MAPPER.writeValueAsBytes(envelope)
                    : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope));
        }
        return events;
    }

    private static ObjectNode payload(int i, BsonDocument document) {
        String op = List.of("r", "c", "u", "d").get(i % 4);
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("before", i % 3 == 0 ? document.toJson(LEGACY) : null);
        payload.put("after", op.equals("d") ? null : document.toJson(LEGACY));
        if (op.equals("u")) {
            payload.putObject("updateDescription").put("updatedFields", new BsonDocument("title",
                    document.get("title")).toJson(RELAXED)).putNull("removedFields").putNull("truncatedArrays");
        } else {
            payload.putNull("updateDescription");
        }
        ObjectNode source = payload.putObject("source").put("version", "3.3.1.Final").put("connector", "mongodb")
                .put("name", "bench").put("ts_ms", 1_700_000_000_000L + i).put("db", "sample_mflix")
                .put("sequence", (String) null).put("collection", "movies").put("ord", i).putNull("lsid")
                .putNull("txnNumber").put("wallTime", 1_700_000_000_001L);
        switch (i % 5) {
            case 0 -> source.put("snapshot", "true");
            case 1 -> source.put("snapshot", "false");
            case 2 -> source.put("snapshot", "last_in_data_collection");
            case 3 -> source.put("snapshot", true);
            default -> source.putNull("snapshot");
        }
        payload.put("op", op).put("ts_ms", 1_700_000_000_005L + i).putNull("transaction");
        return payload;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    /** One random change: a byte replaced, inserted or removed, or the value cut short. */
    private static byte[] corrupt(byte[] event, Random random) {
        int at = random.nextInt(event.length);
        byte noise = NOISE[random.nextInt(NOISE.length)];
        byte[] out;
        switch (random.nextInt(4)) {
            case 0 -> {
                out = event.clone();
                out[at] = noise;
            }
            case 1 -> {
                out = new byte[event.length + 1];
                System.arraycopy(event, 0, out, 0, at);
                out[at] = noise;
                System.arraycopy(event, at, out, at + 1, event.length - at);
            }
            case 2 -> {
                out = new byte[event.length - 1];
                System.arraycopy(event, 0, out, 0, at);
                System.arraycopy(event, at + 1, out, at, event.length - at - 1);
            }
            default -> out = java.util.Arrays.copyOf(event, at);
        }
        return out;
    }
}
