package io.mongo2pg.sink.sql;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The statements that load RowSets into the mapped tables: COPY (straight into a table, or into a per-connection
 * temporary staging table) and the set-based merge from staging. Kept apart from their execution so that the
 * writer's transaction logic does not change with the load method. Every identifier goes through
 * {@link SqlIdentifier}.
 *
 * <p>Staging tables live in the session's {@code pg_temp} schema, so concurrent writers never see each other's;
 * their names are derived from the target table's qualified name (a hash: PostgreSQL cuts identifiers at 63 bytes).
 */
public final class DmlStatements {
    private static final String TEMP_SCHEMA = "pg_temp";

    private final String schema;

    public DmlStatements(String schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public String schema() {
        return schema;
    }

    /** {@code COPY "schema"."table" (columns) FROM STDIN} in text format: the columns in the table's order. */
    public String copyInto(TableDef table) {
        return "COPY " + qualified(schema, table.name()) + " (" + columnList(table.columnNames()) + ") FROM STDIN";
    }

    /** The staging table that receives a batch's root rows (same columns as the root table, no keys or indexes). */
    public String createRootStaging(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "CREATE TEMP TABLE IF NOT EXISTS " + quote(rootStaging(root)) + " (LIKE "
                + qualified(schema, root.name()) + ")";
    }

    /** The staging table that receives the {@code _id}s a batch deletes. */
    public String createDeletedStaging(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "CREATE TEMP TABLE IF NOT EXISTS " + quote(deletedStaging(root)) + " AS SELECT "
                + quote(RelationalModel.ID) + " FROM " + qualified(schema, root.name()) + " WITH NO DATA";
    }

    /** Empties both staging tables of a root before a batch (or half a batch, when isolating) loads into them. */
    public String truncateStaging(TableDef root) {
        return "TRUNCATE " + qualified(TEMP_SCHEMA, rootStaging(root)) + ", " + qualified(TEMP_SCHEMA, deletedStaging(root));
    }

    public String copyIntoRootStaging(TableDef root) {
        return "COPY " + qualified(TEMP_SCHEMA, rootStaging(root)) + " (" + columnList(root.columnNames()) + ") FROM STDIN";
    }

    public String copyIntoDeletedStaging(TableDef root) {
        return "COPY " + qualified(TEMP_SCHEMA, deletedStaging(root)) + " (" + quote(RelationalModel.ID) + ") FROM STDIN";
    }

    /**
     * Inserts the staged root rows or, where the {@code _id} exists, overwrites every other column (a column missing
     * from the document becomes NULL, since the RowSet carries the whole document). The batch holds one change per
     * document, so no row is affected twice.
     */
    public String mergeRoot(TableDef root) {
        requireKind(root, TableKind.ROOT);
        List<String> updates = root.columnNames().stream().filter(c -> !root.primaryKey().contains(c))
                .map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
        String onConflict = updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates);
        String columns = columnList(root.columnNames());
        return "INSERT INTO " + qualified(schema, root.name()) + " (" + columns + ") SELECT " + columns + " FROM "
                + qualified(TEMP_SCHEMA, rootStaging(root)) + " ON CONFLICT (" + columnList(root.primaryKey()) + ") "
                + onConflict;
    }

    /** Deletes every row the staged (upserted) documents have in a dependent table, before their current rows go in. */
    public String deleteDependentsOfStaged(TableDef dependent, TableDef root) {
        return deleteDependents(dependent, rootStaging(root));
    }

    /**
     * Deletes every row the deleted documents have in a dependent table. The foreign key would cascade, but not
     * while a backfill has dropped it, so the sink does not rely on it.
     */
    public String deleteDependentsOfDeleted(TableDef dependent, TableDef root) {
        return deleteDependents(dependent, deletedStaging(root));
    }

    /** Deletes the root rows of the staged deleted {@code _id}s. */
    public String deleteRoots(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "DELETE FROM " + qualified(schema, root.name()) + " AS t USING " + qualified(TEMP_SCHEMA,
                deletedStaging(root)) + " AS s WHERE t." + quote(RelationalModel.ID) + " = s." + quote(RelationalModel.ID);
    }

    /** Whether rows of {@code table} can be found by their document's {@code _id} ({@code _root_id} column). */
    public static boolean hasRootId(TableDef table) {
        return table.kind() != TableKind.ROOT && table.columnNames().contains(RelationalModel.ROOT_ID);
    }

    private String deleteDependents(TableDef dependent, String staging) {
        requireDependent(dependent);
        return "DELETE FROM " + qualified(schema, dependent.name()) + " AS t USING " + qualified(TEMP_SCHEMA, staging)
                + " AS s WHERE t." + quote(RelationalModel.ROOT_ID) + " = s." + quote(RelationalModel.ID);
    }

    String rootStaging(TableDef root) {
        return "m2p_rows_" + hash(root);
    }

    String deletedStaging(TableDef root) {
        return "m2p_deleted_" + hash(root);
    }

    /** 64-bit FNV-1a of the qualified table name, in hex: short, stable, and distinct per table in practice. */
    private String hash(TableDef table) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (schema + "\0" + table.name()).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return Long.toHexString(h).toLowerCase(Locale.ROOT);
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
