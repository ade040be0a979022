package io.mongo2pg.mapping.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a value whose BSON type does not fit its column. Never a cast: either the document is
 * refused (dead letters), or, when the mapping says so for a field whose type varies between documents, the
 * value stays where unmapped values go (the jsonb catch-all, with its BSON type) and the column is NULL.
 */
public enum OnMismatch {
    REJECT, EXTRA;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OnMismatch> find(String name) {
        return Arrays.stream(values()).filter(v -> v.yamlName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
