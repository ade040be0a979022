package io.mongo2pg.mapping.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One document field (a dotted path relative to its document, e.g. {@code address.city}) stored in one
 * typed column.
 *
 * @param unique whether the column gets a UNIQUE constraint
 * @param onMismatch what happens to a value whose BSON type does not fit the column
 * @param binarySubtype for {@code bytea}, the BSON binary subtype the column holds (bytea itself has none, so
 *     the inverse gives every value back with this subtype and values of any other subtype do not fit)
 * @param references the collection field this column points at (a foreign key created at cutover)
 */
public record ColumnMapping(String fieldPath, String column, ColumnType type, boolean unique, OnMismatch onMismatch,
                            byte binarySubtype, Optional<ColumnReference> references) {
    public ColumnMapping {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(onMismatch, "onMismatch");
        Objects.requireNonNull(references, "references");
    }

    public ColumnMapping(String fieldPath, String column, ColumnType type, boolean unique) {
        this(fieldPath, column, type, unique, OnMismatch.REJECT, (byte) 0, Optional.empty());
    }

    /** The column name a field path gets when the mapping does not name it: dots become underscores. */
    public static String defaultColumnName(String fieldPath) {
        return defaultColumnName(fieldPath, Mapping.DEFAULT_SEPARATOR);
    }

    /** The column name a field path gets when the mapping does not name it: dots become {@code separator}. */
    public static String defaultColumnName(String fieldPath, String separator) {
        return fieldPath.replace(".", separator);
    }
}
