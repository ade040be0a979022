package io.mongo2pg.mapping.model;

import java.util.List;

/**
 * An array of subdocuments stored as a child table: one row per element, keyed by the root's id and
 * the element's position in the array.
 */
public record ChildMapping(String fieldPath, String table, List<ColumnMapping> columns) {
    public ChildMapping {
        columns = List.copyOf(columns);
    }
}
