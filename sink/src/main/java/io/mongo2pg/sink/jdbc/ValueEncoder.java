package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.postgresql.util.PGobject;

/**
 * Turns a BSON value into the JDBC parameter for its column type, keeping the value exactly. Strict like
 * {@link ColumnType#accepts}: a value of another BSON type is never cast but refused with a
 * {@link ValueEncodingException} naming table, column and value. BSON null (or a missing column) is SQL NULL.
 *
 * <table>
 *   <tr><td>text</td><td>String (U+0000 refused: PostgreSQL cannot store it)</td></tr>
 *   <tr><td>objectid</td><td>the 24-character hex String</td></tr>
 *   <tr><td>integer, bigint, double precision, boolean</td><td>Integer, Long, Double (NaN and infinities kept), Boolean</td></tr>
 *   <tr><td>numeric</td><td>BigDecimal, or a numeric 'NaN' / 'Infinity' / '-Infinity' (PostgreSQL 14+)</td></tr>
 *   <tr><td>timestamptz</td><td>OffsetDateTime in UTC, from 4713-01-01 BC to 294276-12-31 AD</td></tr>
 *   <tr><td>bytea, uuid</td><td>byte[]; UUID from binary subtype 4 (16 bytes, big-endian)</td></tr>
 *   <tr><td>jsonb</td><td>any value as canonical Extended JSON, so Decimal128, Int64 and dates keep their type</td></tr>
 *   <tr><td>arrays</td><td>java.sql.Array of text, int4, int8 or float8 (null elements kept)</td></tr>
 * </table>
 */
public final class ValueEncoder {
    /**
     * The earliest timestamptz the sink stores, 4713-01-01 00:00:00 BC (UTC), as epoch milliseconds. PostgreSQL goes
     * back to 4714-11-24 BC, but the JDBC driver silently sends any earlier OffsetDateTime as '-infinity'.
     */
    static final long MIN_TIMESTAMPTZ_MILLIS = -210_863_520_000_000L;
    /** The first epoch millisecond after PostgreSQL's latest timestamptz, 294277-01-01 00:00:00 (UTC). */
    static final long END_TIMESTAMPTZ_MILLIS = 9_224_318_016_000_000L;

    private static final String DATATYPE_MISMATCH = "42804";
    private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    private static final String DATETIME_OVERFLOW = "22008";
    private static final String INVALID_TEXT_REPRESENTATION = "22P02";
    private static final int MAX_SHOWN = 120;

    private ValueEncoder() {
    }

    /**
     * The JDBC parameter for {@code value} in column {@code column} of {@code table}, or null for SQL NULL.
     *
     * @param connection creates array values
     * @param value the BSON value, or null when the row has no value for the column
     */
    public static Object encode(Connection connection, String table, ColumnDef column, BsonValue value)
            throws SQLException {
        if (value == null || value.isNull()) {
            return null;
        }
        ColumnType type = column.type();
        if (!type.accepts(value)) {
            throw error(table, column, value, "expected " + describeExpected(type) + ", found BSON "
                    + value.getBsonType().name().toLowerCase(Locale.ROOT) + "; a value is never cast (map the field "
                    + "as jsonb to accept any type)", DATATYPE_MISMATCH);
        }
        if (type.isArray()) {
            return array(connection, table, column, value.asArray());
        }
        return scalar(type, table, column, value);
    }

    private static Object scalar(ColumnType type, String table, ColumnDef column, BsonValue value) {
        return switch (type) {
            case TEXT -> text(table, column, value);
            case OBJECTID -> value.asObjectId().getValue().toHexString();
            case INTEGER -> value.asInt32().getValue();
            case BIGINT -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case BOOLEAN -> value.asBoolean().getValue();
            case NUMERIC -> numeric(value.asDecimal128().getValue());
            case TIMESTAMPTZ -> timestamp(table, column, value);
            case BYTEA -> value.asBinary().getData();
            case UUID -> uuid(table, column, value);
            case JSONB -> pgObject("jsonb", ExtendedJson.canonical(value));
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

    /** Finite values as BigDecimal (negative zero becomes 0: PostgreSQL numeric has no signed zero). */
    static Object numeric(Decimal128 decimal) {
        if (decimal.isNaN()) {
            return pgObject("numeric", "NaN");
        }
        if (decimal.isInfinite()) {
            return pgObject("numeric", decimal.isNegative() ? "-Infinity" : "Infinity");
        }
        return new BigDecimal(decimal.toString());
    }

    private static OffsetDateTime timestamp(String table, ColumnDef column, BsonValue value) {
        long millis = value.asDateTime().getValue();
        if (millis < MIN_TIMESTAMPTZ_MILLIS || millis >= END_TIMESTAMPTZ_MILLIS) {
            throw error(table, column, value, "the date is outside the timestamptz range the sink can store "
                    + "(4713-01-01 BC to 294276-12-31 AD); map the field as jsonb to keep it", DATETIME_OVERFLOW);
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
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

    private static java.sql.Array array(Connection connection, String table, ColumnDef column, BsonArray array)
            throws SQLException {
        ColumnType element = column.type().elementType();
        Object[] values = switch (element) {
            case TEXT -> new String[array.size()];
            case INTEGER -> new Integer[array.size()];
            case BIGINT -> new Long[array.size()];
            case DOUBLE -> new Double[array.size()];
            default -> throw new IllegalStateException("Unhandled array column type " + column.type());
        };
        for (int i = 0; i < array.size(); i++) {
            BsonValue v = array.get(i);
            values[i] = v.isNull() ? null : scalar(element, table, column, v);
        }
        return connection.createArrayOf(elementTypeName(element), values);
    }

    private static String elementTypeName(ColumnType element) {
        return switch (element) {
            case TEXT -> "text";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            case DOUBLE -> "float8";
            default -> throw new IllegalStateException("No array of " + element);
        };
    }

    private static PGobject pgObject(String type, String value) {
        PGobject object = new PGobject();
        object.setType(type);
        try {
            object.setValue(value);
        } catch (SQLException e) {
            throw new IllegalStateException("PGobject refused a value", e); // PGobject.setValue does not validate
        }
        return object;
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
