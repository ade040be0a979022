package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Turns a BSON value into one field of PostgreSQL's binary COPY format for its column type ({@link #write}), or into
 * the type's text input syntax ({@link #literal}, for bound parameters), keeping the value exactly. Strict like
 * {@link ColumnType#accepts}: a value of another BSON type is never cast but refused with a
 * {@link ValueEncodingException} naming table, column and value. BSON null (or a missing column) is SQL NULL.
 *
 * <table>
 *   <tr><th>column</th><th>binary COPY field</th><th>literal</th></tr>
 *   <tr><td>text</td><td colspan="2">the string (U+0000 refused: PostgreSQL cannot store it)</td></tr>
 *   <tr><td>objectid</td><td colspan="2">the 24-character hex string</td></tr>
 *   <tr><td>integer, bigint, double precision, boolean</td><td>the value (NaN and infinities kept)</td><td>decimal
 *       text; t/f</td></tr>
 *   <tr><td>numeric</td><td colspan="2">the Decimal128 with its scale, or NaN / Infinity / -Infinity (PostgreSQL
 *       14+)</td></tr>
 *   <tr><td>timestamptz</td><td>microseconds since 2000</td><td>ISO date in UTC with milliseconds</td></tr>
 *   <tr><td>bytea, uuid</td><td>the bytes</td><td>{@code \x} hex; a UUID from binary subtype 4 (16 bytes,
 *       big-endian)</td></tr>
 *   <tr><td>jsonb</td><td colspan="2">any value as canonical Extended JSON, so Decimal128, Int64 and dates keep
 *       their type</td></tr>
 *   <tr><td>arrays</td><td colspan="2">of text, int4, int8 or float8 (null elements kept)</td></tr>
 * </table>
 * Dates are kept from 4713-01-01 BC to 294276-12-31 AD.
 */
public final class ValueEncoder {
    /**
     * The earliest timestamptz the sink stores, 4713-01-01 00:00:00 BC (UTC), as epoch milliseconds. PostgreSQL goes
     * back to 4714-11-24 BC; the bound keeps the range the sink has always accepted.
     */
    static final long MIN_TIMESTAMPTZ_MILLIS = -210_863_520_000_000L;
    /** The first epoch millisecond after PostgreSQL's latest timestamptz, 294277-01-01 00:00:00 (UTC). */
    static final long END_TIMESTAMPTZ_MILLIS = 9_224_318_016_000_000L;

    private static final String DATATYPE_MISMATCH = "42804";
    private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    private static final String DATETIME_OVERFLOW = "22008";
    private static final String INVALID_TEXT_REPRESENTATION = "22P02";
    private static final int MAX_SHOWN = 120;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Map<ColumnType, ColumnType> ELEMENT_TYPES = new EnumMap<>(ColumnType.class);

    static {
        for (ColumnType type : ColumnType.values()) {
            if (type.isArray()) {
                ELEMENT_TYPES.put(type, type.elementType());
            }
        }
    }

    private ValueEncoder() {
    }

    /**
     * Writes the binary COPY field for {@code value} in column {@code column} of {@code table} to {@code out}.
     *
     * @param value the BSON value, or null when the row has no value for the column
     */
    public static void write(CopyBinaryBuffer out, String table, ColumnDef column, BsonValue value) {
        if (value == null || value.isNull()) {
            out.nullField();
            return;
        }
        ColumnType type = column.type();
        requireAccepted(type, table, column, value);
        if (type.isArray()) {
            writeArray(out, table, column, value.asArray());
        } else {
            writeScalar(out, type, table, column, value);
        }
    }

    private static void writeScalar(CopyBinaryBuffer out, ColumnType type, String table, ColumnDef column,
                                    BsonValue value) {
        switch (type) {
            case TEXT -> out.text(text(table, column, value));
            case OBJECTID -> out.text(value.asObjectId().getValue().toHexString());
            case INTEGER -> out.int4(value.asInt32().getValue());
            case BIGINT -> out.int8(value.asInt64().getValue());
            case DOUBLE -> out.float8(value.asDouble().getValue());
            case BOOLEAN -> out.bool(value.asBoolean().getValue());
            case NUMERIC -> out.numeric(value.asDecimal128().getValue());
            case TIMESTAMPTZ -> out.timestamptz(checkedMillis(table, column, value));
            case BYTEA -> {
                byte[] data = value.asBinary().getData();
                out.bytes(data, 0, data.length);
            }
            case UUID -> {
                UUID uuid = uuid(table, column, value);
                out.uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            }
            case JSONB -> out.jsonb(ExtendedJson.canonical(value));
            default -> throw new IllegalStateException("Unhandled scalar column type " + type);
        }
    }

    private static void writeArray(CopyBinaryBuffer out, String table, ColumnDef column, BsonArray array) {
        ColumnType element = ELEMENT_TYPES.get(column.type());
        boolean hasNull = false;
        for (BsonValue v : array) {
            hasNull |= v.isNull();
        }
        int field = out.startField();
        out.arrayHeader(array.size(), hasNull, elementOid(element));
        for (BsonValue v : array) {
            if (v.isNull()) {
                out.nullField();
            } else {
                writeScalar(out, element, table, column, v);
            }
        }
        out.endField(field);
    }

    private static int elementOid(ColumnType element) {
        return switch (element) {
            case TEXT -> CopyBinaryBuffer.TEXT_OID;
            case INTEGER -> CopyBinaryBuffer.INT4_OID;
            case BIGINT -> CopyBinaryBuffer.INT8_OID;
            case DOUBLE -> CopyBinaryBuffer.FLOAT8_OID;
            default -> throw new IllegalStateException("Unhandled array element type " + element);
        };
    }

    /**
     * The value in PostgreSQL's input syntax for the column's type, before COPY escaping (what a bound text parameter
     * cast to the column's type takes), checked like {@link #append}.
     *
     * @param value a BSON value that is not null
     */
    public static String literal(String table, ColumnDef column, BsonValue value) {
        ColumnType type = column.type();
        requireAccepted(type, table, column, value);
        return type.isArray() ? arrayLiteral(table, column, value.asArray()) : scalar(type, table, column, value);
    }

    private static void requireAccepted(ColumnType type, String table, ColumnDef column, BsonValue value) {
        if (!accepts(type, value)) {
            throw error(table, column, value, "expected " + describeExpected(type) + ", found BSON "
                    + value.getBsonType().name().toLowerCase(Locale.ROOT) + "; a value is never cast (map the field "
                    + "as jsonb to accept any type)", DATATYPE_MISMATCH);
        }
    }

    /**
     * {@link ColumnType#accepts}, with the element type of an array looked up once rather than per element (this
     * runs for every value the sink writes).
     */
    private static boolean accepts(ColumnType type, BsonValue value) {
        if (!type.isArray()) {
            return type.accepts(value);
        }
        if (!value.isArray()) {
            return false;
        }
        ColumnType element = ELEMENT_TYPES.get(type);
        for (BsonValue v : value.asArray()) {
            if (!v.isNull() && !element.accepts(v)) {
                return false;
            }
        }
        return true;
    }

    /** The value as PostgreSQL's input syntax for the type (before COPY escaping). */
    private static String scalar(ColumnType type, String table, ColumnDef column, BsonValue value) {
        return switch (type) {
            case TEXT -> text(table, column, value);
            case OBJECTID -> value.asObjectId().getValue().toHexString();
            case INTEGER -> Integer.toString(value.asInt32().getValue());
            case BIGINT -> Long.toString(value.asInt64().getValue());
            case DOUBLE -> Double.toString(value.asDouble().getValue());
            case BOOLEAN -> value.asBoolean().getValue() ? "t" : "f";
            case NUMERIC -> numeric(value.asDecimal128().getValue());
            case TIMESTAMPTZ -> timestamp(table, column, value);
            case BYTEA -> bytea(value.asBinary().getData());
            case UUID -> uuid(table, column, value).toString();
            case JSONB -> ExtendedJson.canonical(value);
            default -> throw new IllegalStateException("Unhandled scalar column type " + type);
        };
    }

    private static String text(String table, ColumnDef column, BsonValue value) {
        String s = value.asString().getValue();
        if (s.indexOf('\0') >= 0) {
            throw error(table, column, value, "the string contains U+0000, which PostgreSQL text cannot store",
                    CHARACTER_NOT_IN_REPERTOIRE);
        }
        return s;
    }

    /** The decimal as written (scale kept: 1.10 stays 1.10); PostgreSQL numeric has no signed zero, so -0 is 0. */
    static String numeric(Decimal128 decimal) {
        if (decimal.isNaN()) {
            return "NaN";
        }
        if (decimal.isInfinite()) {
            return decimal.isNegative() ? "-Infinity" : "Infinity";
        }
        return decimal.toString();
    }

    /** ISO 8601 in UTC; years before 1 AD as PostgreSQL writes them (year 0 is 1 BC). */
    private static String timestamp(String table, ColumnDef column, BsonValue value) {
        StringBuilder s = new StringBuilder(32);
        appendTimestamp(s, table, column, value);
        return s.toString();
    }

    private static void appendTimestamp(StringBuilder s, String table, ColumnDef column, BsonValue value) {
        appendTimestamp(s, checkedMillis(table, column, value));
    }

    private static long checkedMillis(String table, ColumnDef column, BsonValue value) {
        long millis = value.asDateTime().getValue();
        if (!inTimestampRange(millis)) {
            throw error(table, column, value, "the date is outside the timestamptz range the sink can store "
                    + "(4713-01-01 BC to 294276-12-31 AD); map the field as jsonb to keep it", DATETIME_OVERFLOW);
        }
        return millis;
    }

    static boolean inTimestampRange(long millis) {
        return millis >= MIN_TIMESTAMPTZ_MILLIS && millis < END_TIMESTAMPTZ_MILLIS;
    }

    /** Appends a date in the timestamptz range as ISO 8601 in UTC with milliseconds. */
    static void appendTimestamp(StringBuilder s, long millis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
        int year = t.getYear();
        pad(s, year > 0 ? year : 1 - year, 4).append('-');
        pad(s, t.getMonthValue(), 2).append('-');
        pad(s, t.getDayOfMonth(), 2).append(' ');
        pad(s, t.getHour(), 2).append(':');
        pad(s, t.getMinute(), 2).append(':');
        pad(s, t.getSecond(), 2).append('.');
        pad(s, t.getNano() / 1_000_000, 3).append("+00");
        if (year <= 0) {
            s.append(" BC");
        }
    }

    /** {@code value} (not negative) in at least {@code width} digits, zero-padded. */
    private static StringBuilder pad(StringBuilder s, int value, int width) {
        int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5;
        for (int i = digits; i < width; i++) {
            s.append('0');
        }
        return s.append(value);
    }

    static String bytea(byte[] bytes) {
        StringBuilder s = new StringBuilder(2 + bytes.length * 2).append("\\x");
        for (byte b : bytes) {
            s.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return s.toString();
    }

    private static UUID uuid(String table, ColumnDef column, BsonValue value) {
        byte[] bytes = value.asBinary().getData();
        if (bytes.length != 16) {
            throw error(table, column, value, "a UUID (binary subtype 4) needs 16 bytes, found " + bytes.length,
                    INVALID_TEXT_REPRESENTATION);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** {@code {"a","b",NULL}}: every text element quoted, so commas, braces, quotes and 'NULL' stay text. */
    private static String arrayLiteral(String table, ColumnDef column, BsonArray array) {
        ColumnType element = ELEMENT_TYPES.get(column.type());
        StringBuilder s = new StringBuilder().append('{');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            BsonValue v = array.get(i);
            if (v.isNull()) {
                s.append("NULL");
            } else if (element == ColumnType.TEXT) {
                quoteElement(s, text(table, column, v));
            } else {
                s.append(scalar(element, table, column, v));
            }
        }
        return s.append('}').toString();
    }

    private static void quoteElement(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\');
            }
            s.append(c);
        }
        s.append('"');
    }

    /** COPY text escaping: backslash, and the characters that would end a field or a row. */
    static void escape(StringBuilder out, String value) {
        int first = 0;
        while (first < value.length() && !needsEscape(value.charAt(first))) {
            first++;
        }
        if (first == value.length()) {
            out.append(value); // the usual case: nothing to escape, one bulk copy
            return;
        }
        out.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String describeExpected(ColumnType type) {
        if (type == ColumnType.UUID) {
            return "binary subtype 4 (uuid)";
        }
        if (type == ColumnType.BYTEA) {
            return "binary of a subtype other than 4";
        }
        return type.yamlName();
    }

    private static ValueEncodingException error(String table, ColumnDef column, BsonValue value, String reason,
                                                String sqlState) {
        return new ValueEncodingException(table, column.name(), column.type().sqlType(), show(value), reason, sqlState);
    }

    static String show(BsonValue value) {
        String json = ExtendedJson.canonical(value).replace("\0", "\\u0000");
        String shown = json.length() > MAX_SHOWN ? json.substring(0, MAX_SHOWN - 3) + "..." : json;
        return "BSON " + value.getBsonType().name().toLowerCase(Locale.ROOT) + " " + shown;
    }
}
