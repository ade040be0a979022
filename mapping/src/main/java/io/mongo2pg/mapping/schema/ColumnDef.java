package io.mongo2pg.mapping.schema;

import io.mongo2pg.mapping.model.ColumnType;

/** One column of a generated table. */
public record ColumnDef(String name, ColumnType type, boolean notNull, boolean unique) {
    public static ColumnDef key(String name, ColumnType type) {
        return new ColumnDef(name, type, true, false);
    }

    public static ColumnDef nullable(String name, ColumnType type) {
        return new ColumnDef(name, type, false, false);
    }
}
