package io.mongo2pg.mapping.value;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks at bytes eight at a time ("SWAR"): the scans of JSON and UTF-8 text that dominate the transformer's time are
 * byte by byte otherwise. A word is read little-endian, so its lowest set flag is its first flagged byte.
 */
public final class ByteWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    public static final long ONES = 0x0101010101010101L;
    public static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';
    private static final long DELETES = ONES * 0x7f;

    private ByteWords() {
    }

    /** The eight bytes at {@code at}, which must be in the array. */
    public static long word(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    public static void setWord(byte[] bytes, int at, long word) {
        LONGS.set(bytes, at, word);
    }

    /**
     * The high bit of each byte of {@code word} that is a quote, a backslash or a control character below a space;
     * bytes at or above 0x80 are not flagged. Only the lowest flag is exact (the borrow can flag a byte above it).
     */
    public static long jsonSpecials(long word) {
        return zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES) | ((word - SPACES) & ~word & HIGH_BITS);
    }

    /** {@link #jsonSpecials}, and DEL and every byte at or above 0x80: what is not printable ASCII. */
    public static long notPlainAscii(long word) {
        return jsonSpecials(word) | zeroBytes(word ^ DELETES) | (word & HIGH_BITS);
    }

    /** The high bit of each byte of {@code word} equal to {@code ascii} (only the lowest flag is exact). */
    public static long equalBytes(long word, char ascii) {
        return zeroBytes(word ^ (ONES * ascii));
    }

    /** Which byte of a word the lowest flag of {@code flags} (nonzero) is on. */
    public static int firstFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    /** Nonzero when a byte of {@code word} is zero (bytes at or above 0x80 never count). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }
}
