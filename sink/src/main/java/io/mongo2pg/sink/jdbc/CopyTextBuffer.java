package io.mongo2pg.sink.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 COPY text, filled field by field. Text arrives as UTF-8 bytes and is escaped byte by
 * byte: the bytes COPY escapes are ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character.
 */
final class CopyTextBuffer {
    /** Per ASCII byte, the letter that follows the backslash in its COPY escape, or 0 if it needs none. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        ESCAPES['\\'] = '\\';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private byte[] bytes;
    private int size;

    CopyTextBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    /** Appends characters that are all ASCII and need no COPY escaping (numbers, hex, timestamps, {@code \N}). */
    CopyTextBuffer ascii(CharSequence text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    CopyTextBuffer ascii(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** Appends the decimal digits of {@code value}. */
    CopyTextBuffer number(long value) {
        return ascii(Long.toString(value));
    }

    /** Appends UTF-8 text escaped for COPY: backslash, tab, newline and carriage return. */
    CopyTextBuffer escaped(byte[] utf8, int offset, int length) {
        ensure(length);
        int end = offset + length;
        int run = offset; // start of the bytes not copied yet: copied in bulk up to each byte to escape
        for (int i = offset; i < end; i++) {
            byte b = utf8[i];
            if (b >= 0 && ESCAPES[b] != 0) {
                ensure(i - run + 2 + end - i);
                System.arraycopy(utf8, run, bytes, size, i - run);
                size += i - run;
                bytes[size++] = '\\';
                bytes[size++] = ESCAPES[b];
                run = i + 1;
            }
        }
        System.arraycopy(utf8, run, bytes, size, end - run);
        size += end - run;
        return this;
    }

    /** Appends a string escaped for COPY. */
    CopyTextBuffer escaped(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return escaped(utf8, 0, utf8.length);
    }

    /** Appends text that is already COPY-escaped. */
    CopyTextBuffer raw(CharSequence escapedText) {
        byte[] utf8 = escapedText.toString().getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    boolean isEmpty() {
        return size == 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
