package io.mongo2pg.mapping.model;

import java.util.Objects;

/**
 * A nested subdocument stored in its own table, one row per document that has it (1:1), keyed like the
 * row that holds it. Its fields have the same choices as any other level: columns, deeper tables, exclusions.
 */
public record SubdocumentMapping(String fieldPath, String table, Fields fields) {
    public SubdocumentMapping {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(fields, "fields");
    }
}
