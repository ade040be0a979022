package io.mongo2pg.mapping.ddl;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.CrossReference;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL for a mapping: tables with primary keys, child-to-root foreign keys with ON DELETE CASCADE,
 * unique constraints and indexes on link values. Statements are idempotent ({@code IF NOT EXISTS}) so
 * the sink can apply them at every start. Cross-collection foreign keys are separate: they are only
 * created at cutover.
 */
public final class DdlGenerator {
    private final String schema;

    public DdlGenerator(String schema) {
        this.schema = schema;
    }

    public List<String> createStatements(RelationalModel model) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        for (TableDef table : model.allTables()) {
            statements.add(createTable(table));
            if (table.kind() == TableKind.LINK) {
                statements.add(linkValueIndex(table));
            }
        }
        return statements;
    }

    /** Foreign keys between collections, for cutover: added NOT VALID, then validated without a long lock. */
    public List<String> cutoverStatements(RelationalModel model) {
        List<String> statements = new ArrayList<>();
        for (CrossReference ref : model.crossReferences()) {
            String constraint = quote(ref.table() + "_" + ref.column() + "_fkey");
            statements.add("ALTER TABLE " + qualified(schema, ref.table()) + " ADD CONSTRAINT " + constraint
                    + " FOREIGN KEY (" + quote(ref.column()) + ") REFERENCES " + qualified(schema, ref.referencedTable())
                    + " (" + quote(ref.referencedColumn()) + ") NOT VALID");
            statements.add("ALTER TABLE " + qualified(schema, ref.table()) + " VALIDATE CONSTRAINT " + constraint);
        }
        return statements;
    }

    String createTable(TableDef table) {
        List<String> lines = new ArrayList<>();
        table.columns().forEach(c -> lines.add(columnLine(c)));
        lines.add("PRIMARY KEY (" + columnList(table.primaryKey()) + ")");
        table.columns().stream().filter(ColumnDef::unique).forEach(c -> lines.add("CONSTRAINT "
                + quote(table.name() + "_" + c.name() + "_key") + " UNIQUE (" + quote(c.name()) + ")"));
        table.parentTable().ifPresent(parent -> lines.add("CONSTRAINT " + quote(table.name() + "_"
                + RelationalModel.ROOT_ID + "_fkey") + " FOREIGN KEY (" + quote(RelationalModel.ROOT_ID) + ") REFERENCES "
                + qualified(schema, parent) + " (" + quote(RelationalModel.ID) + ") ON DELETE CASCADE"));
        return "CREATE TABLE IF NOT EXISTS " + qualified(schema, table.name()) + " (\n  "
                + String.join(",\n  ", lines) + "\n)";
    }

    private String linkValueIndex(TableDef table) {
        String valueColumn = table.columns().get(table.columns().size() - 1).name();
        return "CREATE INDEX IF NOT EXISTS " + quote(table.name() + "_" + valueColumn + "_idx") + " ON "
                + qualified(schema, table.name()) + " (" + quote(valueColumn) + ")";
    }

    private static String columnLine(ColumnDef column) {
        return quote(column.name()) + " " + column.type().sqlType() + (column.notNull() ? " NOT NULL" : "");
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(SqlIdentifier::quote).collect(Collectors.joining(", "));
    }
}
