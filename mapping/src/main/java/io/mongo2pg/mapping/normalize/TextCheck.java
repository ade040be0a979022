package io.mongo2pg.mapping.normalize;

/**
 * Whether the strings of a document still have to be checked for what PostgreSQL text and jsonb cannot store
 * (U+0000, a lone UTF-16 surrogate; see {@code nul} in the mapping), or are known to hold none: in JSON text such a
 * character can only be written as a {@code \\u} escape, so a document read from text without one needs no check
 * (checking every string of a movie was a twelfth of its processing).
 */
public enum TextCheck {
    REQUIRED,
    KNOWN_STORABLE
}
