package io.mongo2pg.mapping.schema;

import java.util.ArrayList;
import java.util.List;

/** The tables one collection's documents land in: its root table and the tables that hang off it. */
public record CollectionTables(String collection, TableDef root, List<TableDef> dependents) {
    public CollectionTables {
        dependents = List.copyOf(dependents);
    }

    public List<TableDef> all() {
        List<TableDef> all = new ArrayList<>();
        all.add(root);
        all.addAll(dependents);
        return all;
    }
}
