package io.mongo2pg.mapping.ddl;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.derived;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.CrossReference;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL for a mapping: tables with primary keys, foreign keys from every dependent table to its parent
 * row with ON DELETE CASCADE, unique constraints, and indexes on the reference columns. Statements are
 * idempotent ({@code IF NOT EXISTS}) so they can be applied at every start. The foreign keys from dependent
 * tables need no index of their own: each is a prefix of the table's primary key.
 *
 * <p>Cross-collection foreign keys are separate: they are only created at cutover.
 */
public final class DdlGenerator {
    private final String schema;

    public DdlGenerator(String schema) {
        this.schema = schema;
    }

    /** Parents come before their children, so every foreign key finds its table. */
    public List<String> createStatements(RelationalModel model) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        model.allTables().forEach(t -> statements.add(createTable(t)));
        referenceIndexes(model).forEach(statements::add);
        return statements;
    }

    /**
     * Foreign keys between collections, for cutover: a unique index on a referenced field that has no unique
     * constraint yet (it fails, naming the duplicates' key, if MongoDB holds duplicates), then each foreign key
     * added NOT VALID and validated without a long lock. Dropped first, so that cutover can be re-run.
     */
    public List<String> cutoverStatements(RelationalModel model) {
        List<String> statements = new ArrayList<>();
        Set<String> referencedKeys = new LinkedHashSet<>();
        for (CrossReference ref : model.crossReferences()) {
            if (!isUniqueAlone(model, ref.referencedTable(), ref.referencedColumn())) {
                referencedKeys.add("CREATE UNIQUE INDEX IF NOT EXISTS " + quote(derived(ref.referencedTable(),
                        ref.referencedColumn() + "_key")) + " ON " + qualified(schema, ref.referencedTable()) + " ("
                        + quote(ref.referencedColumn()) + ")");
            }
        }
        statements.addAll(referencedKeys);
        for (CrossReference ref : model.crossReferences()) {
            String table = qualified(schema, ref.table());
            String constraint = quote(derived(ref.table(), ref.column() + "_fkey"));
            statements.add("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + constraint);
            statements.add("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " FOREIGN KEY (" + quote(ref.column())
                    + ") REFERENCES " + qualified(schema, ref.referencedTable()) + " (" + quote(ref.referencedColumn())
                    + ") NOT VALID");
            statements.add("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + constraint);
        }
        return statements;
    }

    String createTable(TableDef table) {
        List<String> lines = new ArrayList<>();
        table.columns().forEach(c -> lines.add(columnLine(c)));
        lines.add("CONSTRAINT " + quote(derived(table.name(), "pkey")) + " PRIMARY KEY (" + columnList(table.primaryKey()) + ")");
        for (List<String> key : table.alternateKeys()) {
            lines.add("CONSTRAINT " + quote(derived(table.name(), String.join("_", key) + "_key")) + " UNIQUE ("
                    + columnList(key) + ")");
        }
        table.columns().stream().filter(ColumnDef::unique).forEach(c -> lines.add("CONSTRAINT "
                + quote(derived(table.name(), c.name() + "_key")) + " UNIQUE (" + quote(c.name()) + ")"));
        table.parentTable().ifPresent(parent -> lines.add("CONSTRAINT "
                + quote(derived(table.name(), String.join("_", table.parentColumns()) + "_fkey")) + " FOREIGN KEY ("
                + columnList(table.parentColumns()) + ") REFERENCES " + qualified(schema, parent) + " ("
                + columnList(table.parentKey()) + ") ON DELETE CASCADE"));
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table.name()) + " (\n  "
                + String.join(",\n  ", lines) + "\n)";
    }

    /** Reference columns are looked up from the other side (joins, the cutover check): index them unless unique. */
    private List<String> referenceIndexes(RelationalModel model) {
        Set<String> indexes = new LinkedHashSet<>();
        for (CrossReference ref : model.crossReferences()) {
            if (!isUniqueAlone(model, ref.table(), ref.column())) {
                indexes.add("CREATE INDEX IF NOT EXISTS " + quote(derived(ref.table(), ref.column() + "_idx")) + " ON "
                        + qualified(schema, ref.table()) + " (" + quote(ref.column()) + ")");
            }
        }
        return List.copyOf(indexes);
    }

    private static boolean isUniqueAlone(RelationalModel model, String table, String column) {
        TableDef def = model.table(table).orElseThrow();
        return def.primaryKey().equals(List.of(column)) || def.column(column).unique();
    }

    private static String columnLine(ColumnDef column) {
        return quote(column.name()) + " " + column.type().sqlType() + (column.notNull() ? " NOT NULL" : "");
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(SqlIdentifier::quote).collect(Collectors.joining(", "));
    }
}
