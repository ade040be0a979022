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
    /** The sink writes COPY's binary format: PostgreSQL need not parse numbers, dates and arrays. */
    private static final String BINARY = " (FORMAT binary)";

    private final String schema;

    public DmlStatements(String schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public String schema() {
        return schema;
    }

    /** {@code COPY "schema"."table" (columns) FROM STDIN (FORMAT binary)}: the columns in the table's order. */
    public String copyInto(TableDef table) {
        return "COPY " + qualified(schema, table.name()) + " (" + columnList(table.columnNames()) + ") FROM STDIN" + BINARY;
    }

    /** The staging table that receives a batch's root rows (same columns as the root table, no keys or indexes). */
    public String createRootStaging(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "CREATE TEMP TABLE IF NOT EXISTS " + quote(rootStaging(root)) + " (LIKE "
                + qualified(schema, root.name()) + ")";
    }

    /** Empties the root staging table before a batch (or half a batch, when isolating) loads into it. */
    public String truncateStaging(TableDef root) {
        return "TRUNCATE " + qualified(TEMP_SCHEMA, rootStaging(root));
    }

    /** The staging table that receives a batch's rows of a dependent table, to diff them with the stored ones. */
    public String createDependentStaging(TableDef dependent) {
        requireDependent(dependent);
        return "CREATE TEMP TABLE IF NOT EXISTS " + quote(rootStaging(dependent)) + " (LIKE "
                + qualified(schema, dependent.name()) + ")";
    }

    public String truncateDependentStaging(TableDef dependent) {
        return "TRUNCATE " + qualified(TEMP_SCHEMA, rootStaging(dependent));
    }

    public String copyIntoDependentStaging(TableDef dependent) {
        return "COPY " + qualified(TEMP_SCHEMA, rootStaging(dependent)) + " (" + columnList(dependent.columnNames())
                + ") FROM STDIN" + BINARY;
    }

    /**
     * Deletes the rows of the documents whose {@code _id}s are bound as parameter 1 that the staged current rows do
     * not hold unchanged: rows gone from the document, and rows whose values changed. Compared as text, so that a
     * change a type's equality ignores (numeric scale 1.10 vs 1.1, jsonb numbers) still counts.
     */
    public String deleteChangedDependents(TableDef dependent, TableDef root) {
        requireDependent(dependent);
        return "DELETE FROM " + qualified(schema, dependent.name()) + " AS t WHERE t." + quote(RelationalModel.ROOT_ID)
                + " = ANY(" + idArray(root) + ") AND NOT EXISTS (SELECT 1 FROM "
                + qualified(TEMP_SCHEMA, rootStaging(dependent)) + " AS s WHERE " + keysEqual(dependent) + " AND "
                + rowText("s", dependent) + " = " + rowText("t", dependent) + ")";
    }

    /**
     * Inserts the staged rows the table does not hold (new rows, and changed ones, which
     * {@link #deleteChangedDependents} removed). Found by primary key, which leads with {@code _root_id}: one unique
     * index probe per staged row.
     */
    public String insertChangedDependents(TableDef dependent) {
        requireDependent(dependent);
        String columns = columnList(dependent.columnNames());
        return "INSERT INTO " + qualified(schema, dependent.name()) + " (" + columns + ") SELECT " + columnList("s",
                dependent.columnNames()) + " FROM " + qualified(TEMP_SCHEMA, rootStaging(dependent)) + " AS s WHERE NOT "
                + "EXISTS (SELECT 1 FROM " + qualified(schema, dependent.name()) + " AS t WHERE " + keysEqual(dependent)
                + ")";
    }

    private static String keysEqual(TableDef table) {
        return table.primaryKey().stream().map(c -> "s." + quote(c) + " = t." + quote(c))
                .collect(Collectors.joining(" AND "));
    }

    private static String rowText(String alias, TableDef table) {
        return "CAST(ROW(" + columnList(alias, table.columnNames()) + ") AS text)";
    }

    private static String columnList(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
    }

    public String copyIntoRootStaging(TableDef root) {
        return "COPY " + qualified(TEMP_SCHEMA, rootStaging(root)) + " (" + columnList(root.columnNames()) + ") FROM STDIN"
                + BINARY;
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

    /**
     * Which of the documents whose {@code _id}s are bound as parameter 1 (a {@code text[]} of their literals, see
     * {@link #idArray}) the root table holds: their 1-based positions in the array.
     */
    public String selectExisting(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "SELECT u.i FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS u(id, i) WHERE EXISTS (SELECT 1 FROM "
                + qualified(schema, root.name()) + " AS t WHERE t." + quote(RelationalModel.ID) + " = "
                + cast("u.id", root) + ")";
    }

    /**
     * Deletes every row the documents whose {@code _id}s are bound as parameter 1 have in a dependent table (before
     * their current rows go in, or because they were deleted). The foreign key would cascade, but not while a
     * backfill has dropped it, so the sink does not rely on it. An array, not a join with staging, so that the
     * plan is always the index scan on {@code _root_id}, whatever the statistics say.
     */
    public String deleteDependents(TableDef dependent, TableDef root) {
        requireDependent(dependent);
        return "DELETE FROM " + qualified(schema, dependent.name()) + " AS t WHERE t." + quote(RelationalModel.ROOT_ID)
                + " = ANY(" + idArray(root) + ")";
    }

    /** Deletes the root rows of the documents whose {@code _id}s are bound as parameter 1. */
    public String deleteRoots(TableDef root) {
        requireKind(root, TableKind.ROOT);
        return "DELETE FROM " + qualified(schema, root.name()) + " AS t WHERE t." + quote(RelationalModel.ID)
                + " = ANY(" + idArray(root) + ")";
    }

    /** Parameter 1, a {@code text[]} of {@code _id} literals, as an array of the root's {@code _id} type. */
    static String idArray(TableDef root) {
        String type = root.column(RelationalModel.ID).type().sqlType();
        return type.equals("text") ? "CAST(? AS text[])" : "CAST(CAST(? AS text[]) AS " + type + "[])";
    }

    private static String cast(String textExpression, TableDef root) {
        String type = root.column(RelationalModel.ID).type().sqlType();
        return type.equals("text") ? textExpression : "CAST(" + textExpression + " AS " + type + ")";
    }

    /** Whether rows of {@code table} can be found by their document's {@code _id} ({@code _root_id} column). */
    public static boolean hasRootId(TableDef table) {
        return table.kind() != TableKind.ROOT && table.columnNames().contains(RelationalModel.ROOT_ID);
    }

    String rootStaging(TableDef root) {
        return "m2p_rows_" + hash(root);
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
