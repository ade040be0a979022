package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the documents of one collection become rows: a root table keyed by {@code _id} plus the tables its
 * {@link Fields} put nested parts in.
 *
 * @param idType the column type of {@code _id} (any BSON type: jsonb holds documents or mixed types)
 */
public record CollectionMapping(String collection, String table, ColumnType idType, Fields fields) {
    public CollectionMapping {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(fields, "fields");
    }

    public CollectionMapping(String collection, String table, ColumnType idType, List<ColumnMapping> columns,
                             List<ChildMapping> children, List<LinkMapping> links) {
        this(collection, table, idType, new Fields(columns, List.of(), children, links, List.of()));
    }

    public List<ColumnMapping> columns() {
        return fields.columns();
    }

    public List<ChildMapping> children() {
        return fields.children();
    }

    public List<LinkMapping> links() {
        return fields.links();
    }

    public Optional<ColumnMapping> columnForField(String fieldPath) {
        return fields.columnForField(fieldPath);
    }
}
