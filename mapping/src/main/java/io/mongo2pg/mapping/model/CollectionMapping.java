package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Optional;

/** How the documents of one collection become rows: a root table plus child and link tables. */
public record CollectionMapping(String collection, String table, ColumnType idType, List<ColumnMapping> columns,
                                List<ChildMapping> children, List<LinkMapping> links) {
    public CollectionMapping {
        columns = List.copyOf(columns);
        children = List.copyOf(children);
        links = List.copyOf(links);
    }

    public Optional<ColumnMapping> columnForField(String fieldPath) {
        return columns.stream().filter(c -> c.fieldPath().equals(fieldPath)).findFirst();
    }
}
