package io.mongo2pg.mapping.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer, for writers whose output is sent as bytes: building a String and encoding it again
 * cost a quarter of writing a movie's jsonb columns. Characters are encoded as {@code String.getBytes(UTF_8)} does
 * (a lone surrogate becomes {@code ?}). Not thread-safe; reusable after {@link #reset}.
 */
final class Utf8Builder {
    private static final int MAX_BYTES_PER_CHAR = 3;
    private static final String MIN_LONG = Long.toString(Long.MIN_VALUE);

    private byte[] bytes;
    private int length;

    Utf8Builder(int capacity) {
        this.bytes = new byte[Math.max(capacity, 16)];
    }

    void reset() {
        length = 0;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    Utf8Builder append(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    Utf8Builder append(String s) {
        return append(s, 0, s.length());
    }

    /** Characters {@code from} to {@code to} of {@code s}, whatever they are. */
    Utf8Builder append(String s, int from, int to) {
        ensure(MAX_BYTES_PER_CHAR * (to - from));
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xc0 | c >> 6);
                bytes[length++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                bytes[length++] = (byte) (0xe0 | c >> 12);
                bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                bytes[length++] = (byte) (0xf0 | codePoint >> 18);
                bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
                bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | codePoint & 0x3f);
            } else {
                bytes[length++] = '?';
            }
        }
        return this;
    }

    /** Bytes the caller knows are UTF-8 (in practice: ASCII constants of the writer), copied as they are. */
    Utf8Builder append(byte[] utf8) {
        return append(utf8, 0, utf8.length);
    }

    /** Bytes {@code from} to {@code to} of {@code utf8}, which the caller knows are UTF-8, copied as they are. */
    Utf8Builder append(byte[] utf8, int from, int to) {
        ensure(to - from);
        System.arraycopy(utf8, from, bytes, length, to - from);
        length += to - from;
        return this;
    }

    /** {@code s}, which the caller knows is all ASCII (numbers, hex digits, Base64): copied in bulk. */
    Utf8Builder appendAscii(String s) {
        return appendAscii(s, 0, s.length());
    }

    /** Characters {@code from} to {@code to} of {@code s}, which the caller knows are all ASCII: copied in bulk. */
    @SuppressWarnings("deprecation") // exact for ASCII, which is all it is given
    Utf8Builder appendAscii(String s, int from, int to) {
        ensure(to - from);
        s.getBytes(from, to, bytes, length);
        length += to - from;
        return this;
    }

    Utf8Builder append(long value) {
        if (value == Long.MIN_VALUE) {
            return append(MIN_LONG);
        }
        ensure(MIN_LONG.length());
        long rest = value;
        if (rest < 0) {
            bytes[length++] = '-';
            rest = -rest;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte digit = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = digit;
        }
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }
}
