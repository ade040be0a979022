package io.mongo2pg.mapping.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table derived from the mapping.
 *
 * @param parentTable for child and link tables, the root table whose {@code _id} the first key column
 *     references (ON DELETE CASCADE); empty for root tables
 */
public record TableDef(String name, TableKind kind, List<ColumnDef> columns, List<String> primaryKey,
                       Optional<String> parentTable) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    public ColumnDef column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Table " + this.name + " has no column " + name));
    }
}
