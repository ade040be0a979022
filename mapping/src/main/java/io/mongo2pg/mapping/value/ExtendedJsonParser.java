package io.mongo2pg.mapping.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Reads an Extended JSON document exactly as {@link ExtendedJson#parseDocument} does (the BSON library's
 * {@code JsonReader}), at a fraction of its cost, with Jackson's streaming parser. Debezium's {@code after},
 * {@code before} and {@code updatedFields} are strict JSON holding a handful of Extended JSON forms; those are read
 * here: bare numbers (Int32 when they fit, else Int64; Double when they have a fraction or exponent, by
 * {@link Double#parseDouble} of their text like the library), strings, booleans, null, arrays, documents,
 * {@code $oid}, {@code $date} (v1 number, v2 ISO-8601 string, canonical {@code $numberLong}), {@code $numberInt},
 * {@code $numberLong}, {@code $numberDouble} and {@code $numberDecimal}. Anything else — another {@code $} form
 * ({@code $binary}, {@code $timestamp}, ...), shell syntax, a malformed value, JSON Jackson refuses — sends the whole
 * text to the library, so the result (or the error) is always the library's. {@code ExtendedJsonParserTest} proves
 * the two agree on every document and event of ../shared/data. Thread-safe.
 */
public final class ExtendedJsonParser {
    /**
     * Without the source in error locations: its errors only send the text to the library, and describing the
     * source for every parser (Jackson's ContentReference) cost a tenth of the transformer's stream thread.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final int ISO_DATE_LENGTH = "1970-01-01".length();

    private ExtendedJsonParser() {
    }

    /** The document, as {@link ExtendedJson#parseDocument} gives it; its exceptions for text it refuses. */
    public static BsonDocument parseDocument(String json) {
        BsonDocument document = readCommonForms(json);
        return document != null ? document : ExtendedJson.parseDocument(json);
    }

    /** One value of any type, as {@link ExtendedJson#parseValue} gives it (e.g. a record key's {@code _id}). */
    public static BsonValue parseValue(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return value(parser, parser.nextToken());
        } catch (Unsupported | IOException e) {
            return ExtendedJson.parseValue(json);
        }
    }

    /** The document when it holds only the forms read here, else null (the library's turn). */
    static BsonDocument readCommonForms(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            return null; // text Jackson refuses, which the library may still read
        }
    }

    /**
     * The document in {@code length} bytes of UTF-8 JSON at {@code offset} when it holds only the forms read here,
     * else null: then {@link #parseDocument} of its text decides, with the library. The same document
     * {@link #parseDocument} gives for the text; read from bytes, since decoding them to a String first cost as
     * much again (Debezium's {@code after} arrives as UTF-8 inside the record value). Only text starting with
     * {@code {} is read: Jackson guesses the encoding of bytes from their first four, and could take other text for
     * UTF-16 or skip a byte order mark the text's own reader would refuse.
     */
    public static BsonDocument parseCommonForms(byte[] utf8, int offset, int length) {
        if (length < 4 || utf8[offset] != '{' || utf8[offset + 1] == 0 || utf8[offset + 2] == 0
                || utf8[offset + 3] == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(utf8, offset, length)) {
            return document(parser);
        } catch (IOException | RuntimeException e) {
            // bytes Jackson refuses, which the library may still read as text, or a value no BSON value can hold
            // (an ObjectId of bad hex digits): the library's error for it is the one to report
            return null;
        }
    }

    private static BsonDocument document(JsonParser parser) throws IOException {
        try {
            if (parser.nextToken() == JsonToken.START_OBJECT && object(parser) instanceof BsonDocument document) {
                return document;
            }
        } catch (Unsupported e) {
            // a form left to the library
        }
        return null;
    }

    private static BsonValue value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw Unsupported.INSTANCE;
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> new BsonString(parser.getText());
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> new BsonDouble(Double.parseDouble(parser.getText()));
            case VALUE_TRUE -> BsonBoolean.TRUE;
            case VALUE_FALSE -> BsonBoolean.FALSE;
            case VALUE_NULL -> BsonNull.VALUE;
            default -> throw Unsupported.INSTANCE;
        };
    }

    /** Like the library's scanner: Long.parseLong of the text, Int32 when it fits; beyond Int64 the library decides. */
    private static BsonValue integer(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT) {
            return new BsonInt32(parser.getIntValue());
        }
        if (type == JsonParser.NumberType.LONG) {
            return new BsonInt64(parser.getLongValue());
        }
        throw Unsupported.INSTANCE;
    }

    private static BsonArray array(JsonParser parser) throws IOException {
        BsonArray array = new BsonArray();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }

    /** A document, or the value of the Extended JSON form its first key names. */
    private static BsonValue object(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT) {
            return new BsonDocument();
        }
        String first = parser.currentName();
        if (!first.isEmpty() && first.charAt(0) == '$') {
            return wrapped(parser, first);
        }
        BsonDocument document = new BsonDocument();
        document.put(first, value(parser, parser.nextToken()));
        for (token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            document.put(name, value(parser, parser.nextToken()));
        }
        return document;
    }

    /** {@code {"$form": value}}, read as the library reads it; a form or shape not handled here is Unsupported. */
    private static BsonValue wrapped(JsonParser parser, String form) throws IOException {
        JsonToken token = parser.nextToken();
        BsonValue value = switch (form) {
            case "$oid" -> new BsonObjectId(objectId(string(parser, token)));
            case "$date" -> new BsonDateTime(date(parser, token));
            case "$numberLong" -> new BsonInt64(parseLong(string(parser, token)));
            case "$numberInt" -> new BsonInt32(parseInt(string(parser, token)));
            case "$numberDouble" -> new BsonDouble(parseDouble(string(parser, token)));
            case "$numberDecimal" -> new BsonDecimal128(decimal(string(parser, token)));
            default -> throw Unsupported.INSTANCE;
        };
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw Unsupported.INSTANCE;
        }
        return value;
    }

    /** v1 {@code {"$date": 1746034410610}}, v2 {@code {"$date": "2025-04-30T17:33:30.61Z"}}, canonical {@code $numberLong}. */
    private static long date(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
            throw Unsupported.INSTANCE;
        }
        if (token == JsonToken.VALUE_STRING) {
            return isoDate(parser.getText());
        }
        if (token == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME
                && "$numberLong".equals(parser.currentName())) {
            long millis = parseLong(string(parser, parser.nextToken()));
            if (parser.nextToken() == JsonToken.END_OBJECT) {
                return millis;
            }
        }
        throw Unsupported.INSTANCE;
    }

    /** What the library's DateTimeFormatter.parse does: a bare date is midnight UTC, else an ISO offset date-time. */
    private static long isoDate(String text) {
        try {
            if (text.length() == ISO_DATE_LENGTH) {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay()
                        .toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw Unsupported.INSTANCE;
        }
    }

    private static String string(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw Unsupported.INSTANCE;
        }
        return parser.getText();
    }

    private static ObjectId objectId(String hex) {
        try {
            return new ObjectId(hex);
        } catch (IllegalArgumentException e) {
            throw Unsupported.INSTANCE;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Unsupported.INSTANCE;
        }
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw Unsupported.INSTANCE;
        }
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw Unsupported.INSTANCE;
        }
    }

    private static Decimal128 decimal(String text) {
        try {
            return Decimal128.parse(text);
        } catch (NumberFormatException e) {
            throw Unsupported.INSTANCE;
        }
    }

    /** Hands the text to the library; thrown often enough on odd input that it carries no stack trace. */
    private static final class Unsupported extends RuntimeException {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("left to the BSON library", null, false, false);
        }
    }
}
