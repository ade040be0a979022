package io.mongo2pg.mapping.value;

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
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

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
                out.append(", ");
            }
            first = false;
            string(field.getKey());
            out.append(": ");
            value(field.getValue());
        }
        out.append('}');
    }

    void value(BsonValue value) {
        switch (value.getBsonType()) {
            case DOCUMENT -> document(value.asDocument());
            case ARRAY -> array(value.asArray());
            case STRING -> string(value.asString().getValue());
            case BOOLEAN -> out.append(value.asBoolean().getValue() ? "true" : "false");
            case NULL -> out.append("null");
            case INT32 -> open("$numberInt").append(value.asInt32().getValue()).append("\"}");
            case INT64 -> open("$numberLong").append(value.asInt64().getValue()).append("\"}");
            case DOUBLE -> open("$numberDouble").append(Double.toString(value.asDouble().getValue())).append("\"}");
            case DECIMAL128 -> open("$numberDecimal").append(value.asDecimal128().getValue().toString()).append("\"}");
            case OBJECT_ID -> open("$oid").append(value.asObjectId().getValue().toHexString()).append("\"}");
            case DATE_TIME -> out.append("{\"$date\": {\"$numberLong\": \"").append(value.asDateTime().getValue())
                    .append("\"}}");
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
            case MIN_KEY -> out.append("{\"$minKey\": 1}");
            case MAX_KEY -> out.append("{\"$maxKey\": 1}");
            case UNDEFINED -> out.append("{\"$undefined\": true}");
            case DB_POINTER -> dbPointer((BsonDbPointer) value);
            default -> throw new BsonInvalidOperationException("Cannot write a " + value.getBsonType()
                    + " as Extended JSON");
        }
    }

    private void array(BsonArray array) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            value(array.get(i));
        }
        out.append(']');
    }

    private void wrappedString(String name, String text) {
        out.append("{\"").append(name).append("\": ");
        string(text);
        out.append('}');
    }

    /**
     * Opens {@code {"<name>": "} for a value whose text never needs escaping (digits, hex, Double's and
     * Decimal128's own text), which the caller appends and closes.
     */
    private Utf8Builder open(String name) {
        return out.append("{\"").append(name).append("\": \"");
    }

    private void binary(BsonBinary binary) {
        int subtype = binary.getType() & 0xff;
        out.append("{\"$binary\": {\"base64\": \"").append(Base64.getEncoder().encodeToString(binary.getData()))
                .append("\", \"subType\": \"").append(UPPER_HEX[subtype >> 4]).append(UPPER_HEX[subtype & 0xf])
                .append("\"}}");
    }

    private void timestamp(BsonTimestamp timestamp) {
        out.append("{\"$timestamp\": {\"t\": ").append(Integer.toUnsignedLong(timestamp.getTime()))
                .append(", \"i\": ").append(Integer.toUnsignedLong(timestamp.getInc())).append("}}");
    }

    private void regularExpression(BsonRegularExpression regex) {
        out.append("{\"$regularExpression\": {\"pattern\": ");
        string(regex.getPattern());
        out.append(", \"options\": ");
        string(regex.getOptions());
        out.append("}}");
    }

    private void javaScriptWithScope(BsonJavaScriptWithScope code) {
        out.append("{\"$code\": ");
        string(code.getCode());
        out.append(", \"$scope\": ");
        document(code.getScope());
        out.append('}');
    }

    private void dbPointer(BsonDbPointer pointer) {
        out.append("{\"$dbPointer\": {\"$ref\": ");
        string(pointer.getNamespace());
        out.append(", \"$id\": ");
        open("$oid").append(pointer.getId().toHexString()).append("\"}}}");
    }

    /** A quoted string; most are plain ASCII, needing no escape, and are copied in bulk. */
    private void string(String text) {
        out.append('"');
        int ascii = plainAsciiPrefix(text);
        out.appendAscii(text, 0, ascii);
        if (ascii < text.length()) {
            rest(text, ascii);
        }
        out.append('"');
    }

    /** How many characters at the start of {@code text} are ASCII written as they are. */
    private static int plainAsciiPrefix(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= PLAIN_ASCII.length || !PLAIN_ASCII[c]) {
                return i;
            }
        }
        return text.length();
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
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                    .append(HEX[c & 0xf]);
        }
    }
}
