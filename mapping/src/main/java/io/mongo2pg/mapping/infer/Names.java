package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.ddl.SqlIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Hands out names the mapping validator accepts: at most 63 bytes, and distinct from every name already given in
 * the same scope even ignoring case (a second {@code Name} next to {@code name} becomes {@code Name_2}).
 */
final class Names {
    private final Set<String> taken = new HashSet<>();

    /** A scope in which {@code reserved} names (key columns, the catch-all) are already taken. */
    Names(Set<String> reserved) {
        reserved.forEach(r -> taken.add(r.toLowerCase(Locale.ROOT)));
    }

    String claim(String wanted) {
        String base = fit(wanted, 0);
        String name = base;
        for (int n = 2; taken.contains(name.toLowerCase(Locale.ROOT)); n++) {
            name = fit(wanted, String.valueOf(n).length() + 1) + "_" + n;
        }
        taken.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    /** {@code name} cut to leave {@code room} bytes, with a hash of the full name when it had to be cut. */
    private static String fit(String name, int room) {
        int limit = SqlIdentifier.MAX_BYTES - room;
        if (SqlIdentifier.byteLength(name) <= limit) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String tail = String.format("_%08x", crc.getValue());
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > limit - tail.length()) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out + tail;
    }
}
