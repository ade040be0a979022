package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ColumnType;
import java.math.BigDecimal;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Whether a value can be stored in a column and come back as the same BSON value. Stricter than
 * {@link ColumnType#accepts} (which says what the sink can encode): PostgreSQL numeric has no negative zero
 * and no positive exponent ({@code 1E+20} would come back as {@code 100000000000000000000}), bytea has no
 * binary subtype, timestamptz ends in 294276 AD. Such values do not fit; the mapping must put them in jsonb.
 */
public final class ValueFit {
    /** 4713-01-01 00:00:00 BC (UTC): earlier dates are sent as '-infinity' by the JDBC driver. */
    public static final long MIN_TIMESTAMPTZ_MILLIS = -210_863_520_000_000L;
    /** The first epoch millisecond after PostgreSQL's last timestamptz, 294277-01-01 00:00:00 (UTC). */
    public static final long END_TIMESTAMPTZ_MILLIS = 9_224_318_016_000_000L;

    private ValueFit() {
    }

    /**
     * Why {@code value} does not fit a column of {@code type} holding binary subtype {@code binarySubtype}, or
     * empty when it fits. BSON null fits every column.
     */
    public static Optional<String> problem(ColumnType type, byte binarySubtype, BsonValue value) {
        if (!accepts(type, value)) {
            return Optional.of("expected " + expected(type, binarySubtype) + " (column type " + type.sqlType() + ")");
        }
        if (value.isNull() || type == ColumnType.JSONB) {
            return Optional.empty();
        }
        if (type.isArray()) {
            return Optional.empty(); // elements of text, integer, bigint and double arrays are kept exactly
        }
        return switch (type) {
            case NUMERIC -> numeric(value.asDecimal128().getValue());
            case TIMESTAMPTZ -> timestamp(value.asDateTime().getValue());
            case UUID -> value.asBinary().getData().length == 16 ? Optional.empty()
                    : Optional.of("a uuid needs 16 bytes of binary subtype 4, found " + value.asBinary().getData().length);
            case BYTEA -> value.asBinary().getType() == binarySubtype ? Optional.empty()
                    : Optional.of("expected binary subtype " + hex(binarySubtype) + " for this bytea column, found subtype "
                            + hex(value.asBinary().getType()) + " (bytea does not store the subtype; set 'subtype' or "
                            + "map the field as jsonb)");
            default -> Optional.empty();
        };
    }

    /**
     * {@link ColumnType#accepts}, with an array's elements checked in a loop rather than a stream (every array value
     * of every document is checked).
     */
    private static boolean accepts(ColumnType type, BsonValue value) {
        if (!type.isArray() || !value.isArray()) {
            return type.accepts(value);
        }
        ColumnType elementType = type.elementType();
        for (BsonValue element : value.asArray()) {
            if (!elementType.accepts(element)) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> numeric(Decimal128 decimal) {
        if (decimal.isNaN()) {
            return decimal.isNegative() ? Optional.of("numeric has no negative NaN; map the field as jsonb") : Optional.empty();
        }
        if (decimal.isInfinite()) {
            return Optional.empty();
        }
        String text = decimal.toString();
        BigDecimal exact = new BigDecimal(text);
        if (exact.signum() == 0 && text.startsWith("-")) {
            return Optional.of("numeric has no negative zero; map the field as jsonb to keep it");
        }
        if (exact.scale() < 0) {
            return Optional.of("numeric cannot keep the exponent of " + text + " (it would come back as "
                    + exact.toPlainString() + "); map the field as jsonb to keep it");
        }
        return Optional.empty();
    }

    private static Optional<String> timestamp(long millis) {
        if (millis < MIN_TIMESTAMPTZ_MILLIS || millis >= END_TIMESTAMPTZ_MILLIS) {
            return Optional.of("the date is outside what timestamptz holds (4713-01-01 BC to 294276-12-31 AD); map the "
                    + "field as jsonb to keep it");
        }
        return Optional.empty();
    }

    private static String expected(ColumnType type, byte binarySubtype) {
        if (type == ColumnType.UUID) {
            return "binary subtype 4 (uuid)";
        }
        if (type == ColumnType.BYTEA) {
            return "binary subtype " + hex(binarySubtype);
        }
        return type.yamlName();
    }

    private static String hex(byte subtype) {
        return String.format("%02x", subtype);
    }
}
