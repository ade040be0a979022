package io.mongo2pg.transformer.event;

import io.mongo2pg.mapping.value.ByteWords;

/**
 * Whether bytes are well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF), exactly what the JDK's strict decoder accepts, checked without decoding: a movie's change event has
 * some non-ASCII text, and decoding all of it only to check it cost 4% of the transformer's time. Runs of ASCII
 * are checked eight bytes at a time (checking byte by byte was still a tenth of a movie's processing).
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        return isWellFormed(bytes, 0, bytes.length);
    }

    /** Whether bytes {@code from} to {@code to} are well-formed UTF-8. */
    static boolean isWellFormed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + Long.BYTES <= to && (ByteWords.word(bytes, i) & ByteWords.HIGH_BITS) == 0) {
                i += Long.BYTES; // eight ASCII bytes
                continue;
            }
            int length = bytes[i] >= 0 ? 1 : sequenceLength(bytes, i, to);
            if (length < 0) {
                return false;
            }
            i += length;
        }
        return true;
    }

    /**
     * The length of the well-formed multi-byte character whose lead byte (at or above 0x80) is at {@code at}, within
     * {@code to}; -1 when it is not one.
     */
    static int sequenceLength(byte[] bytes, int at, int to) {
        int lead = bytes[at] & 0xff;
        int continuations = continuations(lead);
        if (continuations == 0 || at + continuations >= to) {
            return -1;
        }
        int second = bytes[at + 1] & 0xff;
        if (second < lowestSecond(lead) || second > highestSecond(lead)) {
            return -1;
        }
        for (int k = 2; k <= continuations; k++) {
            int next = bytes[at + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return -1;
            }
        }
        return continuations + 1;
    }

    /** Bytes following a lead byte; 0 for a byte that cannot start a character. */
    private static int continuations(int lead) {
        if (lead >= 0xc2 && lead <= 0xdf) {
            return 1;
        }
        if (lead >= 0xe0 && lead <= 0xef) {
            return 2;
        }
        return lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    }

    private static int lowestSecond(int lead) {
        return switch (lead) {
            case 0xe0 -> 0xa0; // below: overlong
            case 0xf0 -> 0x90; // below: overlong
            default -> 0x80;
        };
    }

    private static int highestSecond(int lead) {
        return switch (lead) {
            case 0xed -> 0x9f; // above: surrogates
            case 0xf4 -> 0x8f; // above: beyond U+10FFFF
            default -> 0xbf;
        };
    }
}
