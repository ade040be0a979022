package io.mongo2pg.mapping.ddl;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The one place SQL identifiers are quoted. Every table and column name goes through here, so a field
 * named {@code limit} or {@code Order} or one with a quote in it is always safe and keeps its case.
 */
public final class SqlIdentifier {
    /** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), which can silently merge two names. */
    public static final int MAX_BYTES = 63;

    private SqlIdentifier() {
    }

    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("An SQL identifier cannot be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An SQL identifier cannot contain U+0000: " + identifier.replace("\0", "\\0"));
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    public static int byteLength(String identifier) {
        return identifier.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A generated name ({@code <table>_<columns>_fkey} and the like) that fits PostgreSQL's 63 bytes. A longer one
     * is cut and given a hash of the full name, so two long names that share a prefix stay distinct instead of
     * being truncated to the same identifier (which would make the second {@code IF NOT EXISTS} a silent no-op).
     */
    public static String derived(String base, String suffix) {
        String full = base + "_" + suffix;
        if (byteLength(full) <= MAX_BYTES) {
            return full;
        }
        CRC32 crc = new CRC32();
        crc.update(full.getBytes(StandardCharsets.UTF_8));
        String tail = "_" + String.format("%08x", crc.getValue()) + "_" + suffix;
        return truncateToBytes(base, MAX_BYTES - byteLength(tail)) + tail;
    }

    private static String truncateToBytes(String text, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
