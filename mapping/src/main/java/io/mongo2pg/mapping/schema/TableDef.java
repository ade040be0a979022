package io.mongo2pg.mapping.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table derived from the mapping. Every table but the root has {@code _root_id} (the root document's
 * {@code _id}), so that one document's rows in it can be replaced with {@code DELETE ... WHERE _root_id = ?}.
 *
 * @param parentTable for dependent tables, the table whose row holds this one's (the root, or for a grandchild
 *     or a 1:1 table below a child, that child table); the foreign key to it cascades on delete
 * @param parentColumns this table's columns of that foreign key ({@code _root_id}, then ancestor ordinals)
 * @param parentKey the parent's columns they reference ({@code _id} for the root)
 * @param alternateKeys further unique keys (a child keyed by a natural key keeps its ordinal path unique)
 */
public record TableDef(String name, TableKind kind, List<ColumnDef> columns, List<String> primaryKey,
                       Optional<String> parentTable, List<String> parentColumns, List<String> parentKey,
                       List<List<String>> alternateKeys) {
    public TableDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        Objects.requireNonNull(parentTable, "parentTable");
        parentColumns = List.copyOf(parentColumns);
        parentKey = List.copyOf(parentKey);
        alternateKeys = alternateKeys.stream().map(List::copyOf).toList();
        if (parentColumns.size() != parentKey.size()) {
            throw new IllegalArgumentException("Table " + name + ": foreign key columns " + parentColumns
                    + " do not match the referenced columns " + parentKey);
        }
    }

    /** A root table, or a dependent table of the root keyed through {@code _root_id} alone. */
    public TableDef(String name, TableKind kind, List<ColumnDef> columns, List<String> primaryKey,
                    Optional<String> parentTable) {
        this(name, kind, columns, primaryKey, parentTable,
                parentTable.isPresent() ? List.of(RelationalModel.ROOT_ID) : List.of(),
                parentTable.isPresent() ? List.of(RelationalModel.ID) : List.of(), List.of());
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    public ColumnDef column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Table " + this.name + " has no column " + name));
    }
}
