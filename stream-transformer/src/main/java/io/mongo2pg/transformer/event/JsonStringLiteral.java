package io.mongo2pg.transformer.event;

import io.mongo2pg.mapping.value.ByteWords;

/**
 * The text of a JSON string literal, unescaped from the UTF-8 bytes of the JSON holding it into UTF-8 bytes, for
 * Debezium's {@code after} (a document as a JSON string): decoding it to a Java String only to parse that cost a
 * tenth of a movie's processing. Runs without escapes are copied eight bytes at a time, and other characters are
 * checked to be well-formed UTF-8 as they are copied (so a reader of the whole record need not check them again).
 * Refuses what the caller should leave to Jackson: an escape Jackson refuses, an unescaped control character, a
 * lone surrogate (which UTF-8 cannot hold), bytes that are not UTF-8 and a missing closing quote. One instance per
 * thread; its buffer is reused.
 */
final class JsonStringLiteral {
    private static final int UNICODE_ESCAPE_BYTES = 6;

    private byte[] bytes = new byte[1024];
    private int length;
    private int next;
    private boolean mayHoldUnicodeEscape;

    /** The unescaped text, valid until the next {@link #unescape}. */
    byte[] bytes() {
        return bytes;
    }

    /** How many bytes of {@link #bytes()} the last unescaped text has. */
    int length() {
        return length;
    }

    /**
     * Whether the last text read may hold a {@code \\u} escape of its own (a JSON text in a JSON string, as
     * {@code after} is); when not, the JSON it holds cannot have U+0000 or a lone surrogate in any string.
     */
    boolean mayHoldUnicodeEscape() {
        return mayHoldUnicodeEscape;
    }

    /** Where in its JSON the last literal read ends: just past its closing quote. */
    int end() {
        return next + 1;
    }

    /**
     * Unescapes the literal whose opening quote is at {@code quote} in {@code json}.
     *
     * @return whether it was read here; if not, the caller leaves it to Jackson
     */
    boolean unescape(byte[] json, int quote) {
        if (quote < 0 || quote >= json.length || json[quote] != '"') {
            return false;
        }
        if (bytes.length < json.length - quote + Long.BYTES) {
            bytes = new byte[Math.max(2 * bytes.length, json.length - quote + Long.BYTES)]; // unescaping never grows
        }
        length = 0;
        mayHoldUnicodeEscape = false;
        next = quote + 1;
        while (next < json.length) {
            if (next + Long.BYTES <= json.length) {
                copyToSpecialByte(json);
                if (next >= json.length || isPlain(json[next])) {
                    continue;
                }
            } else if (isPlain(json[next])) {
                bytes[length++] = json[next++];
                continue;
            }
            byte special = json[next];
            if (special == '"') {
                return true;
            }
            if (special < 0) {
                if (!copyCharacter(json)) {
                    return false; // not UTF-8
                }
                continue;
            }
            if (special != '\\' || !escape(json)) {
                return false; // a control character, or an escape left to Jackson
            }
        }
        return false;
    }

    /**
     * Copies the next eight bytes up to the first quote, backslash, control character or non-ASCII byte among them,
     * or all eight.
     * A whole word is written each time (the buffer has room), so escaped text needs no byte-by-byte copy.
     */
    private void copyToSpecialByte(byte[] json) {
        int in = next;
        int out = length;
        long word;
        long specials;
        while (true) {
            word = ByteWords.word(json, in);
            specials = ByteWords.jsonSpecials(word) | (word & ByteWords.HIGH_BITS);
            ByteWords.setWord(bytes, out, word);
            if (specials != 0 || in + 2 * Long.BYTES > json.length) {
                break;
            }
            in += Long.BYTES;
            out += Long.BYTES;
        }
        // The lowest flagged byte is always a real one: the tricks only flag false ones above a real one.
        int plain = specials == 0 ? Long.BYTES : ByteWords.firstFlagged(specials);
        next = in + plain;
        length = out + plain;
    }

    /** ASCII that stands for itself in a literal. */
    private static boolean isPlain(byte b) {
        return b >= ' ' && b != '"' && b != '\\';
    }

    /** Copies the multi-byte character at {@code next}, checked to be well-formed UTF-8. */
    private boolean copyCharacter(byte[] json) {
        int length = Utf8.sequenceLength(json, next, json.length);
        if (length < 0) {
            return false;
        }
        System.arraycopy(json, next, bytes, this.length, length);
        this.length += length;
        next += length;
        return true;
    }

    /** The escape at {@code next} (a backslash), as Jackson reads it by default. */
    private boolean escape(byte[] json) {
        if (next + 1 >= json.length) {
            return false;
        }
        if (json[next + 1] == 'u') {
            return unicodeEscape(json);
        }
        int plain = switch (json[next + 1]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
        if (plain < 0) {
            return false;
        }
        if (plain == '\\' && startsUnicodeEscapeOfItsOwn(json, next + 2)) {
            mayHoldUnicodeEscape = true;
        }
        bytes[length++] = (byte) plain;
        next += 2;
        return true;
    }

    /** Whether the text after an unescaped backslash starts with a 'u', as it is or escaped ({@code \\u0075}). */
    private static boolean startsUnicodeEscapeOfItsOwn(byte[] json, int at) {
        return at < json.length && (json[at] == 'u' || json[at] == '\\' && at + 1 < json.length && json[at + 1] == 'u');
    }

    /** {@code \\uXXXX}, or a surrogate pair of two, written as UTF-8; a lone surrogate is refused. */
    private boolean unicodeEscape(byte[] json) {
        int unit = hex4(json, next + 2);
        if (unit < 0 || Character.isLowSurrogate((char) unit)) {
            return false;
        }
        mayHoldUnicodeEscape |= unit == '\\'; // an escaped backslash may start one
        if (!Character.isHighSurrogate((char) unit)) {
            writeUtf8(unit);
            next += UNICODE_ESCAPE_BYTES;
            return true;
        }
        int low = next + UNICODE_ESCAPE_BYTES + 1 < json.length && json[next + UNICODE_ESCAPE_BYTES] == '\\'
                && json[next + UNICODE_ESCAPE_BYTES + 1] == 'u' ? hex4(json, next + UNICODE_ESCAPE_BYTES + 2) : -1;
        if (low < 0 || !Character.isLowSurrogate((char) low)) {
            return false;
        }
        writeUtf8(Character.toCodePoint((char) unit, (char) low));
        next += 2 * UNICODE_ESCAPE_BYTES;
        return true;
    }

    private static int hex4(byte[] json, int at) {
        if (at + 4 > json.length) {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(json[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private void writeUtf8(int codePoint) {
        if (codePoint < 0x80) {
            bytes[length++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            bytes[length++] = (byte) (0xc0 | codePoint >> 6);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3f);
        } else if (codePoint < 0x10000) {
            bytes[length++] = (byte) (0xe0 | codePoint >> 12);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3f);
        } else {
            bytes[length++] = (byte) (0xf0 | codePoint >> 18);
            bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3f);
        }
    }
}
