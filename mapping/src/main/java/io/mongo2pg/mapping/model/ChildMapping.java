package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An array stored as a child table: one row per element, keyed by the root's id and the element's position
 * (its ordinal path, when the array sits inside another array's element), or by a natural key inside the
 * element. Elements are subdocuments placed by {@link #fields()}, or scalars stored in the {@link #value()}
 * column.
 *
 * @param key field paths of the element's natural key (mapped columns); empty: keyed by position
 * @param value for an array of scalars, the column each element goes to; empty for subdocuments
 */
public record ChildMapping(String fieldPath, String table, List<String> key, Optional<ColumnMapping> value,
                           Fields fields) {
    public ChildMapping {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(table, "table");
        key = List.copyOf(key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fields, "fields");
    }

    /** An array of subdocuments keyed by position, with typed columns only. */
    public ChildMapping(String fieldPath, String table, List<ColumnMapping> columns) {
        this(fieldPath, table, List.of(), Optional.empty(), Fields.ofColumns(columns));
    }

    public List<ColumnMapping> columns() {
        return fields.columns();
    }

    public boolean isScalar() {
        return value.isPresent();
    }
}
