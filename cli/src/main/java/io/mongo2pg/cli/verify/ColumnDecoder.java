package io.mongo2pg.cli.verify;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
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
 * Reads a PostgreSQL column back into the BSON value the mapping stored in it: the inverse of the sink's
 * ValueEncoder. bytea has no subtype, so it comes from the mapping; SQL NULL is BSON null.
 */
final class ColumnDecoder {
    private ColumnDecoder() {
    }

    /**
     * The select expression for a column. timestamptz is read as epoch milliseconds computed by PostgreSQL (exact,
     * BC dates included), not through java.sql.Timestamp, which has no era-safe conversion.
     */
    static String selectExpression(String column, ColumnType type) {
        if (type == ColumnType.TIMESTAMPTZ) {
            return "floor(extract(epoch from " + quote(column) + ") * 1000)::bigint";
        }
        return quote(column);
    }

    /** The value at {@code index}; {@code subtype} is the binary subtype of a bytea column. */
    static BsonValue read(ResultSet rs, int index, ColumnType type, byte subtype) throws SQLException {
        Object raw = rs.getObject(index);
        if (raw == null) {
            return BsonNull.VALUE;
        }
        if (type.isArray()) {
            return array(rs.getArray(index), type.elementType());
        }
        return switch (type) {
            case TEXT -> new BsonString(rs.getString(index));
            case OBJECTID -> new BsonObjectId(new ObjectId(rs.getString(index)));
            case INTEGER -> new BsonInt32(rs.getInt(index));
            case BIGINT, TIMESTAMPTZ -> type == ColumnType.BIGINT ? new BsonInt64(rs.getLong(index))
                    : new BsonDateTime(rs.getLong(index));
            case DOUBLE -> new BsonDouble(rs.getDouble(index));
            case NUMERIC -> new BsonDecimal128(Decimal128.parse(rs.getString(index)));
            case BOOLEAN -> BsonBoolean.valueOf(rs.getBoolean(index));
            case BYTEA -> new BsonBinary(subtype, rs.getBytes(index));
            case UUID -> uuid((UUID) raw);
            case JSONB -> ExtendedJson.parseValue(rs.getString(index));
            default -> throw new IllegalStateException("Unhandled column type " + type);
        };
    }

    private static BsonValue array(Array sqlArray, ColumnType element) throws SQLException {
        Object[] elements = (Object[]) sqlArray.getArray();
        BsonArray array = new BsonArray();
        for (Object e : elements) {
            array.add(e == null ? BsonNull.VALUE : element(e, element));
        }
        return array;
    }

    private static BsonValue element(Object value, ColumnType type) {
        return switch (type) {
            case TEXT -> new BsonString((String) value);
            case INTEGER -> new BsonInt32(((Number) value).intValue());
            case BIGINT -> new BsonInt64(((Number) value).longValue());
            case DOUBLE -> new BsonDouble(value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue());
            default -> throw new IllegalStateException("Unhandled array element type " + type);
        };
    }

    private static BsonValue uuid(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return new BsonBinary(BsonBinarySubType.UUID_STANDARD, bytes.array());
    }
}
