package io.mongo2pg.sink.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bson.types.Decimal128;

/**
 * A growable buffer of rows in PostgreSQL's binary COPY format, filled field by field: each row is a field count,
 * each field its length and its value in the type's binary send/receive format (big-endian). Binary spares
 * PostgreSQL parsing numbers, dates and array literals, and the sink escaping text; what each value may hold is
 * checked before it gets here ({@link ValueEncoder}), as for text. The stream's header and trailer are
 * {@link CopyLoader}'s.
 */
final class CopyBinaryBuffer {
    /** Element type OIDs of the array types the sink writes (pg_type). */
    static final int TEXT_OID = 25;
    static final int INT4_OID = 23;
    static final int INT8_OID = 20;
    static final int FLOAT8_OID = 701;

    /** Milliseconds between the Unix epoch and PostgreSQL's, 2000-01-01 00:00:00 UTC. */
    private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final short NUMERIC_NAN = (short) 0xC000;
    private static final short NUMERIC_PLUS_INFINITY = (short) 0xD000;
    private static final short NUMERIC_MINUS_INFINITY = (short) 0xF000;
    private static final BigInteger NBASE = BigInteger.valueOf(10_000);

    private byte[] bytes;
    private int size;

    CopyBinaryBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    /** Starts a row of {@code fields} fields. */
    CopyBinaryBuffer row(int fields) {
        return int16(fields);
    }

    CopyBinaryBuffer nullField() {
        return int32(-1);
    }

    CopyBinaryBuffer int4(int value) {
        return int32(4).int32(value);
    }

    CopyBinaryBuffer int8(long value) {
        return int32(8).int64(value);
    }

    CopyBinaryBuffer float8(double value) {
        return int32(8).int64(Double.doubleToRawLongBits(value));
    }

    CopyBinaryBuffer bool(boolean value) {
        int32(1);
        ensure(1);
        bytes[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A text, bytea or objectid field from raw bytes (UTF-8 for text). */
    CopyBinaryBuffer bytes(byte[] value, int offset, int length) {
        int32(length);
        return raw(value, offset, length);
    }

    CopyBinaryBuffer text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return bytes(utf8, 0, utf8.length);
    }

    /** A jsonb field: format version 1, then the JSON text. */
    CopyBinaryBuffer jsonb(byte[] utf8, int offset, int length) {
        int32(length + 1);
        ensure(1);
        bytes[size++] = 1;
        return raw(utf8, offset, length);
    }

    CopyBinaryBuffer jsonb(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return jsonb(utf8, 0, utf8.length);
    }

    CopyBinaryBuffer uuid(long mostSignificant, long leastSignificant) {
        return int32(16).int64(mostSignificant).int64(leastSignificant);
    }

    /** A timestamptz: microseconds since 2000-01-01 UTC. The caller has checked the range (it cannot overflow). */
    CopyBinaryBuffer timestamptz(long epochMillis) {
        return int32(8).int64(Math.multiplyExact(epochMillis - POSTGRES_EPOCH_MILLIS, 1000L));
    }

    /**
     * A numeric: its digits in base 10,000 around the decimal point, the weight of the first, the sign and the
     * display scale (the decimal's own scale, so 1.10 stays 1.10; none below 0, like PostgreSQL's input of 1E+3).
     * NaN and the infinities are kept (PostgreSQL 14+); PostgreSQL numeric has no signed zero, so -0 is 0.
     */
    CopyBinaryBuffer numeric(Decimal128 decimal) {
        if (decimal.isNaN()) {
            return numericHeader(0, 0, NUMERIC_NAN, 0);
        }
        if (decimal.isInfinite()) {
            return numericHeader(0, 0, decimal.isNegative() ? NUMERIC_MINUS_INFINITY : NUMERIC_PLUS_INFINITY, 0);
        }
        // Decimal128 refuses to turn -0 into a BigDecimal, which has no signed zero: its text has the same scale.
        BigDecimal value = decimal.isNegative() ? new BigDecimal(decimal.toString()) : decimal.bigDecimalValue();
        int displayScale = Math.max(value.scale(), 0);
        // Align to whole base-10,000 digits after the point: scale up to a multiple of 4.
        int alignedScale = Math.floorDiv(displayScale + 3, 4) * 4;
        BigInteger unscaled = value.abs().setScale(alignedScale).unscaledValue();
        if (unscaled.signum() == 0) {
            return numericHeader(0, 0, NUMERIC_POSITIVE, displayScale);
        }
        short[] digits = base10000(unscaled);
        int fractionDigits = alignedScale / 4;
        int end = digits.length;
        while (digits[end - 1] == 0) {
            end--; // trailing zero digits are implied by the weight and the display scale
        }
        int weight = digits.length - fractionDigits - 1;
        numericHeader(end, weight, value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE, displayScale);
        for (int i = 0; i < end; i++) {
            int16(digits[i]);
        }
        return this;
    }

    /** The base-10,000 digits of a positive integer, most significant first, without leading zeros. */
    private static short[] base10000(BigInteger value) {
        String decimal = value.toString();
        int count = (decimal.length() + 3) / 4;
        short[] digits = new short[count];
        int end = decimal.length();
        for (int i = count - 1; i >= 0; i--) {
            int start = Math.max(0, end - 4);
            digits[i] = Short.parseShort(decimal.substring(start, end));
            end = start;
        }
        return digits;
    }

    private CopyBinaryBuffer numericHeader(int digitCount, int weight, short sign, int displayScale) {
        int32(8 + 2 * digitCount);
        return int16(digitCount).int16(weight).int16(sign).int16(displayScale);
    }

    /**
     * Writes the header of a one-dimensional array value (or an empty one), after its field's length word
     * ({@link #startField}); its elements follow as fields of the element type ({@link #nullField} for NULL).
     */
    CopyBinaryBuffer arrayHeader(int elements, boolean hasNull, int elementOid) {
        if (elements == 0) {
            return int32(0).int32(0).int32(elementOid);
        }
        return int32(1).int32(hasNull ? 1 : 0).int32(elementOid).int32(elements).int32(1);
    }

    /** Reserves a field's length word, to be filled by {@link #endField} once the value is written. */
    int startField() {
        int mark = size;
        int32(0);
        return mark;
    }

    void endField(int mark) {
        int length = size - mark - 4;
        bytes[mark] = (byte) (length >>> 24);
        bytes[mark + 1] = (byte) (length >>> 16);
        bytes[mark + 2] = (byte) (length >>> 8);
        bytes[mark + 3] = (byte) length;
    }

    /** Appends bytes as they are (a value after its length word). */
    CopyBinaryBuffer raw(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    CopyBinaryBuffer int16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    CopyBinaryBuffer int32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    private CopyBinaryBuffer int64(long value) {
        int32((int) (value >>> 32));
        return int32((int) value);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
