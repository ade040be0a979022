package io.mongo2pg.mapping.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to U+0000 (NUL), which PostgreSQL text and jsonb cannot hold, in any stored string: a String,
 * a field name, a Symbol, JavaScript code, a regular expression or a DBPointer namespace.
 */
public enum NulPolicy {
    /** The document is refused with the field path and goes to the dead letters (the default: nothing changes silently). */
    REJECT,
    /** Each U+0000 is stored as U+FFFD; the inverse then gives back U+FFFD, so this is lossy and must be chosen. */
    REPLACE;

    public static final char REPLACEMENT = '\uFFFD';

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NulPolicy> find(String name) {
        return Arrays.stream(values()).filter(v -> v.yamlName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
