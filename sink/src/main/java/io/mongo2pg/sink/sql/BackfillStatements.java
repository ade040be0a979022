package io.mongo2pg.sink.sql;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a backfill runs: its state rows in {@code mongo2pg.backfill} and {@code mongo2pg.backfill_objects}, and the
 * catalog queries and DDL that drop a collection's primary keys, foreign keys and plain indexes and rebuild them.
 * Unique constraints, unique indexes, exclusion and check constraints stay: they are rules the data must pass, and
 * a RowSet that breaks one must be refused while it loads, exactly as on the upsert path.
 */
public final class BackfillStatements {
    /** A primary key constraint, rebuilt first. */
    public static final String PRIMARY_KEY = "p";
    /** A plain index, rebuilt second. */
    public static final String INDEX = "i";
    /** A foreign key constraint, rebuilt last (it needs the referenced key). */
    public static final String FOREIGN_KEY = "f";

    private static final String BACKFILL = qualified(ControlStatements.SCHEMA, ControlStatements.BACKFILL);
    private static final String OBJECTS = qualified(ControlStatements.SCHEMA, ControlStatements.BACKFILL_OBJECTS);

    private BackfillStatements() {
    }

    /** The backfills of one target schema, locked for share: an ongoing batch keeps its backfill from ending. */
    public static String selectBackfillsForShare() {
        return "SELECT " + quote("collection") + ", " + quote("owner") + " FROM " + BACKFILL + " WHERE "
                + quote("target_schema") + " = ? FOR SHARE";
    }

    public static String selectBackfillForUpdate() {
        return "SELECT " + quote("owner") + " FROM " + BACKFILL + " WHERE " + quote("target_schema") + " = ? AND "
                + quote("collection") + " = ? FOR UPDATE";
    }

    public static String insertBackfill() {
        return "INSERT INTO " + BACKFILL + " (" + quote("target_schema") + ", " + quote("collection") + ", "
                + quote("owner") + ") VALUES (?, ?, ?)";
    }

    public static String insertObject() {
        return "INSERT INTO " + OBJECTS + " (" + columns("target_schema", "collection", "seq", "kind", "table_name",
                "object_name", "definition") + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    /** A backfill's dropped objects in rebuild order. */
    public static String selectObjects() {
        return "SELECT " + columns("kind", "table_name", "object_name", "definition") + " FROM " + OBJECTS + " WHERE "
                + quote("target_schema") + " = ? AND " + quote("collection") + " = ? ORDER BY " + quote("seq");
    }

    public static List<String> deleteBackfill() {
        String where = " WHERE " + quote("target_schema") + " = ? AND " + quote("collection") + " = ?";
        return List.of("DELETE FROM " + OBJECTS + where, "DELETE FROM " + BACKFILL + where);
    }

    /**
     * The objects a backfill drops on the given tables (parameters: schema, table names, schema, table names): primary
     * and foreign keys with their definitions, and plain indexes (not unique, not backing an exclusion constraint)
     * with theirs. PostgreSQL writes the definitions ({@code pg_get_constraintdef}, {@code pg_get_indexdef}), with
     * every identifier quoted where needed.
     */
    public static String droppableObjects() {
        return "SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid) FROM pg_constraint con"
                + " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND con.contype IN ('p', 'f')"
                + " UNION ALL SELECT c.relname, i.relname, 'i', pg_get_indexdef(ix.indexrelid) FROM pg_index ix"
                + " JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT ix.indisunique AND NOT ix.indisprimary"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = ix.indexrelid AND x.contype = 'x')";
    }

    /**
     * How many foreign keys of tables outside the given ones reference them (parameters: schema, table names,
     * schema, table names). Their keys cannot be dropped, so such a collection is not backfilled.
     */
    public static String foreignKeysFromOutside() {
        return "SELECT count(*) FROM pg_constraint con JOIN pg_class r ON r.oid = con.confrelid"
                + " JOIN pg_namespace rn ON rn.oid = r.relnamespace JOIN pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_namespace cn ON cn.oid = c.relnamespace WHERE con.contype = 'f' AND rn.nspname = ?"
                + " AND r.relname = ANY (?) AND NOT (cn.nspname = ? AND c.relname = ANY (?))";
    }

    /** Whether a constraint of that name exists on the table (parameters: schema, table, constraint). */
    public static String constraintExists() {
        return "SELECT count(*) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND con.conname = ?";
    }

    /** Whether an index of that name exists in the schema (parameters: schema, index). */
    public static String indexExists() {
        return "SELECT count(*) FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace"
                + " WHERE n.nspname = ? AND i.relname = ? AND i.relkind IN ('i', 'I')";
    }

    public static String lockTables(String schema, List<String> tables) {
        return "LOCK TABLE " + tables.stream().map(t -> qualified(schema, t)).collect(Collectors.joining(", "))
                + " IN SHARE ROW EXCLUSIVE MODE";
    }

    public static String isEmpty(String schema, String table) {
        return "SELECT NOT EXISTS (SELECT 1 FROM " + qualified(schema, table) + ")";
    }

    public static String dropConstraint(String schema, String table, String constraint) {
        return "ALTER TABLE " + qualified(schema, table) + " DROP CONSTRAINT " + quote(constraint);
    }

    public static String dropIndex(String schema, String index) {
        return "DROP INDEX " + qualified(schema, index);
    }

    /**
     * Re-adds a dropped constraint. {@code definition} is PostgreSQL's own text for it ({@code pg_get_constraintdef}),
     * read from the catalog and kept in {@code mongo2pg.backfill_objects}: no user input is spliced in.
     */
    public static String addConstraint(String schema, String table, String constraint, String definition) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD CONSTRAINT " + quote(constraint) + " " + definition;
    }

    public static String analyze(String schema, List<String> tables) {
        return "ANALYZE " + tables.stream().map(t -> qualified(schema, t)).collect(Collectors.joining(", "));
    }

    private static String columns(String... names) {
        return java.util.Arrays.stream(names).map(io.mongo2pg.mapping.ddl.SqlIdentifier::quote)
                .collect(Collectors.joining(", "));
    }
}
