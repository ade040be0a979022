package io.mongo2pg.mapping.model;

import java.util.Objects;

/**
 * One document field (a dotted path relative to its document, e.g. {@code address.city}) stored in one
 * typed column.
 */
public record ColumnMapping(String fieldPath, String column, ColumnType type, boolean unique) {
    public ColumnMapping {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
    }

    /** The column name a field path gets when the mapping does not name it: dots become underscores. */
    public static String defaultColumnName(String fieldPath) {
        return fieldPath.replace('.', '_');
    }
}
