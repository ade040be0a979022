package io.mongo2pg.mapping.value;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Writes BSON values as canonical Extended JSON, character for character what the BSON library's
 * {@code JsonWriter} in {@code JsonMode.EXTENDED} writes ({@code CanonicalJsonWriterTest} compares the two on
 * generated documents of every type). It exists for speed: the library's writer goes through a codec registry, a
 * state machine and one synchronized {@code StringWriter} call per character, which made encoding RowSets more
 * than half of the transformer's time. Here strings are copied in runs and only the characters the library
 * escapes are escaped. The text is built as UTF-8 ({@link Utf8Builder}), for encoders that send bytes
 * ({@link CanonicalJsonBytes}); it never holds a surrogate (the library escapes them), so it decodes back to exactly
 * the characters written. Not thread-safe; one instance per output, or reused after {@link #reset}.
 */
final class CanonicalJsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final boolean[] PLAIN_ASCII = plainAscii();
    /** From this length on, a string is scanned eight bytes at a time; shorter ones (most names) are not worth it. */
    private static final int BULK_SCAN_LENGTH = 24;
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    // What every value and field writes, as bytes: copying a constant costs less than encoding its characters, which
    // was a tenth of writing a movie's jsonb columns. A wrapped number's text never needs escaping.
    private static final byte[] COMMA = ascii(", ");
    private static final byte[] COLON = ascii(": ");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] OPEN_INT32 = ascii("{\"$numberInt\": \"");
    private static final byte[] OPEN_INT64 = ascii("{\"$numberLong\": \"");
    private static final byte[] OPEN_DOUBLE = ascii("{\"$numberDouble\": \"");
    private static final byte[] OPEN_DECIMAL128 = ascii("{\"$numberDecimal\": \"");
    private static final byte[] OPEN_OBJECT_ID = ascii("{\"$oid\": \"");
    private static final byte[] OPEN_DATE_TIME = ascii("{\"$date\": {\"$numberLong\": \"");
    private static final byte[] CLOSE = ascii("\"}");
    private static final byte[] CLOSE_DATE_TIME = ascii("\"}}");

    private final Utf8Builder out;

    CanonicalJsonWriter(int expectedLength) {
        this.out = new Utf8Builder(expectedLength);
    }

    String text() {
        return out.text();
    }

    /** The UTF-8 bytes written so far (the first {@link #length()} of them). */
    byte[] bytes() {
        return out.bytes();
    }

    int length() {
        return out.length();
    }

    void reset() {
        out.reset();
    }

    void document(BsonDocument document) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            if (!first) {
                out.append(COMMA);
            }
            first = false;
            string(field.getKey());
            out.append(COLON);
            value(field.getValue());
        }
        out.append('}');
    }

    void value(BsonValue value) {
        switch (value.getBsonType()) {
            case DOCUMENT -> document(value.asDocument());
            case ARRAY -> array(value.asArray());
            case STRING -> string(value.asString().getValue());
            case BOOLEAN -> out.append(value.asBoolean().getValue() ? TRUE : FALSE);
            case NULL -> out.append(NULL);
            case INT32 -> out.append(OPEN_INT32).append(value.asInt32().getValue()).append(CLOSE);
            case INT64 -> out.append(OPEN_INT64).append(value.asInt64().getValue()).append(CLOSE);
            case DOUBLE -> out.append(OPEN_DOUBLE).appendAscii(Double.toString(value.asDouble().getValue())).append(CLOSE);
            case DECIMAL128 -> out.append(OPEN_DECIMAL128).appendAscii(value.asDecimal128().getValue().toString())
                    .append(CLOSE);
            case OBJECT_ID -> out.append(OPEN_OBJECT_ID).appendAscii(value.asObjectId().getValue().toHexString())
                    .append(CLOSE);
            case DATE_TIME -> out.append(OPEN_DATE_TIME).append(value.asDateTime().getValue()).append(CLOSE_DATE_TIME);
            default -> rareValue(value);
        }
    }

    /** The types sample documents seldom hold, each in the shape the BSON library's extended converters write. */
    private void rareValue(BsonValue value) {
        switch (value.getBsonType()) {
            case BINARY -> binary(value.asBinary());
            case TIMESTAMP -> timestamp(value.asTimestamp());
            case REGULAR_EXPRESSION -> regularExpression(value.asRegularExpression());
            case SYMBOL -> wrappedString("$symbol", value.asSymbol().getSymbol());
            case JAVASCRIPT -> wrappedString("$code", value.asJavaScript().getCode());
            case JAVASCRIPT_WITH_SCOPE -> javaScriptWithScope(value.asJavaScriptWithScope());
            case MIN_KEY -> out.appendAscii("{\"$minKey\": 1}");
            case MAX_KEY -> out.appendAscii("{\"$maxKey\": 1}");
            case UNDEFINED -> out.appendAscii("{\"$undefined\": true}");
            case DB_POINTER -> dbPointer((BsonDbPointer) value);
            default -> throw new BsonInvalidOperationException("Cannot write a " + value.getBsonType()
                    + " as Extended JSON");
        }
    }

    private void array(BsonArray array) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(COMMA);
            }
            value(array.get(i));
        }
        out.append(']');
    }

    private void wrappedString(String name, String text) {
        out.appendAscii("{\"").append(name).appendAscii("\": ");
        string(text);
        out.append('}');
    }

    private void binary(BsonBinary binary) {
        int subtype = binary.getType() & 0xff;
        out.appendAscii("{\"$binary\": {\"base64\": \"").appendAscii(Base64.getEncoder().encodeToString(binary.getData()))
                .appendAscii("\", \"subType\": \"").append(UPPER_HEX[subtype >> 4]).append(UPPER_HEX[subtype & 0xf])
                .appendAscii("\"}}");
    }

    private void timestamp(BsonTimestamp timestamp) {
        out.appendAscii("{\"$timestamp\": {\"t\": ").append(Integer.toUnsignedLong(timestamp.getTime()))
                .appendAscii(", \"i\": ").append(Integer.toUnsignedLong(timestamp.getInc())).appendAscii("}}");
    }

    private void regularExpression(BsonRegularExpression regex) {
        out.appendAscii("{\"$regularExpression\": {\"pattern\": ");
        string(regex.getPattern());
        out.appendAscii(", \"options\": ");
        string(regex.getOptions());
        out.appendAscii("}}");
    }

    private void javaScriptWithScope(BsonJavaScriptWithScope code) {
        out.appendAscii("{\"$code\": ");
        string(code.getCode());
        out.appendAscii(", \"$scope\": ");
        document(code.getScope());
        out.append('}');
    }

    private void dbPointer(BsonDbPointer pointer) {
        out.appendAscii("{\"$dbPointer\": {\"$ref\": ");
        string(pointer.getNamespace());
        out.appendAscii(", \"$id\": ");
        out.append(OPEN_OBJECT_ID).appendAscii(pointer.getId().toHexString()).appendAscii("\"}}}");
    }

    /** A quoted string; most are plain ASCII, needing no escape, and are copied in bulk. */
    private void string(String text) {
        out.append('"');
        int plain = text.length() < BULK_SCAN_LENGTH ? plainAsciiPrefix(text) : copyPlainAsciiPrefix(text);
        if (plain < text.length()) {
            rest(text, plain);
        }
        out.append('"');
    }

    /** Writes the characters at the start of a short {@code text} that are ASCII written as they are; how many. */
    private int plainAsciiPrefix(String text) {
        int plain = 0;
        while (plain < text.length() && text.charAt(plain) < PLAIN_ASCII.length && PLAIN_ASCII[text.charAt(plain)]) {
            plain++;
        }
        out.appendAscii(text, 0, plain);
        return plain;
    }

    /**
     * {@link #plainAsciiPrefix} for long text (plots, descriptions), from its UTF-8 bytes eight at a time: the JDK
     * encodes ASCII text with a vectorized copy, and one character at a time was a twentieth of writing a movie. The
     * encoder writes a lone surrogate as '?', so a '?' counts only where the text has one.
     */
    private int copyPlainAsciiPrefix(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int plain = 0;
        while (plain < utf8.length) {
            plain = firstNotPlainAscii(utf8, plain);
            if (plain == utf8.length || utf8[plain] != '?' || text.charAt(plain) != '?') {
                break;
            }
            plain++;
        }
        out.append(utf8, 0, plain); // all ASCII: as many characters as bytes
        return plain;
    }

    /** Where the first byte from {@code from} on is not plain ASCII, or is a '?'; the length if none is. */
    private static int firstNotPlainAscii(byte[] utf8, int from) {
        int at = from;
        for (; at + Long.BYTES <= utf8.length; at += Long.BYTES) {
            long word = ByteWords.word(utf8, at);
            long flags = ByteWords.notPlainAscii(word) | ByteWords.equalBytes(word, '?');
            if (flags != 0) {
                return at + ByteWords.firstFlagged(flags);
            }
        }
        while (at < utf8.length && utf8[at] >= 0 && utf8[at] != '?' && PLAIN_ASCII[utf8[at]]) {
            at++;
        }
        return at;
    }

    /** Writes {@code text} from {@code from} on, escaping what needs it; runs in between are copied. */
    private void rest(String text, int from) {
        int run = from;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isPlain(c)) {
                out.append(text, run, i);
                escape(c);
                run = i + 1;
            }
        }
        out.append(text, run, text.length());
    }

    /** Printable ASCII but the quote and backslash, and the Unicode categories the library writes unescaped. */
    private static boolean isPlain(char c) {
        if (c < PLAIN_ASCII.length) {
            return PLAIN_ASCII[c];
        }
        return isPlainCategory(Character.getType(c));
    }

    /**
     * Which ASCII characters are written as they are: one lookup per character instead of four comparisons, since
     * strings are scanned character by character (jsonb columns of a movie are a tenth of the transformer's time).
     */
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean[] plainAscii() {
        boolean[] plain = new boolean[0x80];
        for (char c = 0x20; c < 0x7f; c++) {
            plain[c] = c != '"' && c != '\\';
        }
        return plain;
    }

    private static boolean isPlainCategory(int type) {
        return switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER, Character.SPACE_SEPARATOR, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> out.appendAscii("\\\"");
            case '\\' -> out.appendAscii("\\\\");
            case '\b' -> out.appendAscii("\\b");
            case '\f' -> out.appendAscii("\\f");
            case '\n' -> out.appendAscii("\\n");
            case '\r' -> out.appendAscii("\\r");
            case '\t' -> out.appendAscii("\\t");
            default -> out.appendAscii("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                    .append(HEX[c & 0xf]);
        }
    }
}
