package io.mongo2pg.sink.sql;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The statements that apply RowSets to the mapped tables, with one {@code ?} per value in the table's column
 * order. Kept apart from their execution so that the load path (batched INSERT today, COPY into staging later)
 * can change without touching the writer's transaction logic. Every identifier goes through {@link SqlIdentifier}.
 */
public final class DmlStatements {
    private final String schema;

    public DmlStatements(String schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public String schema() {
        return schema;
    }

    /**
     * Inserts a root row or, if its {@code _id} exists, overwrites every other column with the new values (a
     * column missing from the document becomes NULL, since the RowSet carries the whole document).
     */
    public String upsertRoot(TableDef root) {
        requireKind(root, TableKind.ROOT);
        List<String> updates = root.columnNames().stream().filter(c -> !root.primaryKey().contains(c))
                .map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
        String onConflict = updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates);
        return insert(root) + " ON CONFLICT (" + columnList(root.primaryKey()) + ") " + onConflict;
    }

    /** Deletes one document's root row; its child and link rows go with it (ON DELETE CASCADE). */
    public String deleteRoot(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "DELETE FROM " + qualified(schema, root.name()) + " WHERE " + quote(RelationalModel.ID) + " = ?";
    }

    /** Deletes every row one document has in a child or link table, before its current rows are inserted. */
    public String deleteDependents(TableDef dependent) {
        requireDependent(dependent);
        return "DELETE FROM " + qualified(schema, dependent.name()) + " WHERE " + quote(RelationalModel.ROOT_ID) + " = ?";
    }

    /** Inserts one child or link row (the document's old rows are deleted first, so there is no conflict). */
    public String insertDependent(TableDef dependent) {
        requireDependent(dependent);
        return insert(dependent);
    }

    private String insert(TableDef table) {
        String placeholders = String.join(", ", Collections.nCopies(table.columns().size(), "?"));
        return "INSERT INTO " + qualified(schema, table.name()) + " (" + columnList(table.columnNames())
                + ") VALUES (" + placeholders + ")";
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(SqlIdentifier::quote).collect(Collectors.joining(", "));
    }

    private static void requireKind(TableDef table, TableKind kind) {
        if (table.kind() != kind) {
            throw new IllegalArgumentException("Table " + table.name() + " is a " + table.kind() + " table, not " + kind);
        }
    }

    private static void requireDependent(TableDef table) {
        if (table.kind() == TableKind.ROOT) {
            throw new IllegalArgumentException("Table " + table.name() + " is a root table, not a child or link table");
        }
    }
}
