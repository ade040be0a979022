package io.mongo2pg.cli.schema;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.derived;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements that bring a live schema to what a mapping's DDL describes. Whatever adds (tables, columns, keys,
 * indexes, dropping a NOT NULL) is written to run; whatever could lose or rewrite data (a type change, a drop, another
 * primary key) is written commented out, with a warning: data is never dropped automatically. Cross-collection
 * foreign keys are left to cutover ({@code schema apply --cutover}) and not compared.
 */
final class SchemaDiff {
    private static final String HISTORY_TABLE = "flyway_schema_history";

    /** One difference: {@code sql} runs when {@code warning} is null, and is written commented out otherwise. */
    record Change(String what, String sql, String warning) {
        boolean safe() {
            return warning == null;
        }
    }

    private final String schema;
    private final RelationalModel model;
    private final CatalogSnapshot catalog;
    private final List<Change> changes = new ArrayList<>();

    private SchemaDiff(String schema, RelationalModel model, CatalogSnapshot catalog) {
        this.schema = schema;
        this.model = model;
        this.catalog = catalog;
    }

    static List<Change> between(String schema, RelationalModel model, CatalogSnapshot catalog) {
        SchemaDiff diff = new SchemaDiff(schema, model, catalog);
        diff.compare();
        return List.copyOf(diff.changes);
    }

    private void compare() {
        List<String> create = new DdlGenerator(schema).createStatements(model);
        if (!catalog.schemaExists()) {
            changes.add(new Change("schema " + schema + " is missing", create.get(0), null));
        }
        List<TableDef> tables = model.allTables();
        for (int i = 0; i < tables.size(); i++) {
            TableDef table = tables.get(i);
            String statement = create.get(i + 1); // createStatements: the schema, then one per table in this order
            if (!statement.startsWith("CREATE TABLE IF NOT EXISTS " + qualified(schema, table.name()) + " (")) {
                throw new IllegalStateException("Unexpected DDL order at " + table.name() + ": " + statement);
            }
            catalog.table(table.name()).ifPresentOrElse(actual -> table(table, actual),
                    () -> changes.add(new Change("table " + table.name() + " is missing", statement, null)));
        }
        create.subList(tables.size() + 1, create.size()).forEach(this::index);
        Set<String> mapped = tables.stream().map(TableDef::name).collect(Collectors.toSet());
        catalog.tables().keySet().stream().filter(t -> !mapped.contains(t) && !t.equals(HISTORY_TABLE)).forEach(t ->
                changes.add(new Change("table " + t + " is not in the mapping", "DROP TABLE " + qualified(schema, t),
                        "drops table " + t + " and its data; drop it yourself if it is really unused")));
    }

    private void table(TableDef table, CatalogSnapshot.Table actual) {
        String name = qualified(schema, table.name());
        for (ColumnDef column : table.columns()) {
            CatalogSnapshot.Column found = actual.columns().get(column.name());
            String type = expectedType(column);
            String at = table.name() + "." + column.name();
            if (found == null) {
                changes.add(new Change(at + " is missing", "ALTER TABLE " + name + " ADD COLUMN " + quote(column.name()) + " "
                        + column.type().sqlType() + (column.notNull() ? " NOT NULL" : ""), null));
                continue;
            }
            if (!found.type().equals(type)) {
                changes.add(new Change(at + " is " + found.type() + ", the mapping says " + type, "ALTER TABLE " + name
                        + " ALTER COLUMN " + quote(column.name()) + " TYPE " + column.type().sqlType() + " USING "
                        + quote(column.name()) + "::" + column.type().sqlType(),
                        "changes the type of " + at + " from " + found.type() + " to " + type + ": check the conversion "
                                + "of existing values (or reload the table) before enabling it"));
            }
            if (found.notNull() != column.notNull()) {
                changes.add(new Change(at + (column.notNull() ? " allows NULL" : " is NOT NULL"), "ALTER TABLE " + name
                        + " ALTER COLUMN " + quote(column.name()) + (column.notNull() ? " SET" : " DROP") + " NOT NULL", null));
            }
        }
        Set<String> mapped = new HashSet<>(table.columnNames());
        actual.columns().keySet().stream().filter(c -> !mapped.contains(c)).forEach(c -> changes.add(new Change(
                table.name() + "." + c + " is not in the mapping", "ALTER TABLE " + name + " DROP COLUMN " + quote(c),
                "drops column " + table.name() + "." + c + " and its data; the sink ignores extra columns, so it may stay")));
        keys(table, actual, name);
    }

    private void keys(TableDef table, CatalogSnapshot.Table actual, String name) {
        if (!actual.primaryKey().equals(table.primaryKey())) {
            changes.add(new Change(table.name() + " has primary key " + actual.primaryKey() + ", the mapping says "
                    + table.primaryKey(), "ALTER TABLE " + name + " DROP CONSTRAINT IF EXISTS " + quote(derived(table.name(), "pkey"))
                    + ";\nALTER TABLE " + name + " ADD CONSTRAINT " + quote(derived(table.name(), "pkey")) + " PRIMARY KEY ("
                    + columns(table.primaryKey()) + ")", "replaces the primary key of " + table.name()
                    + ": rows the new key finds duplicated must be dealt with first"));
        }
        List<List<String>> uniques = new ArrayList<>(table.alternateKeys());
        table.columns().stream().filter(ColumnDef::unique).forEach(c -> uniques.add(List.of(c.name())));
        for (List<String> unique : uniques) {
            if (!actual.uniques().contains(unique)) {
                changes.add(new Change(table.name() + " lacks UNIQUE " + unique, "ALTER TABLE " + name + " ADD CONSTRAINT "
                        + quote(derived(table.name(), String.join("_", unique) + "_key")) + " UNIQUE (" + columns(unique) + ")",
                        null));
            }
        }
        table.parentTable().ifPresent(parent -> {
            boolean present = actual.foreignKeys().stream().anyMatch(fk -> fk.columns().equals(table.parentColumns())
                    && fk.table().equals(parent) && fk.referenced().equals(table.parentKey()));
            if (!present) {
                changes.add(new Change(table.name() + " lacks its foreign key to " + parent, "ALTER TABLE " + name
                        + " ADD CONSTRAINT " + quote(derived(table.name(), String.join("_", table.parentColumns()) + "_fkey"))
                        + " FOREIGN KEY (" + columns(table.parentColumns()) + ") REFERENCES " + qualified(schema, parent)
                        + " (" + columns(table.parentKey()) + ") ON DELETE CASCADE", null));
            }
        });
    }

    /** A reference index of the DDL ({@code CREATE INDEX IF NOT EXISTS "name" ON ...}) the schema lacks. */
    private void index(String statement) {
        String prefix = "CREATE INDEX IF NOT EXISTS ";
        if (!statement.startsWith(prefix)) {
            return;
        }
        String quoted = statement.substring(prefix.length(), statement.indexOf("\" ON ", prefix.length()) + 1);
        String index = quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
        if (!catalog.indexes().contains(index)) {
            changes.add(new Change("index " + index + " is missing", statement, null));
        }
    }

    private static String expectedType(ColumnDef column) {
        return column.type().sqlType().replace("timestamptz", "timestamp with time zone");
    }

    private static String columns(List<String> names) {
        return names.stream().map(SqlIdentifier::quote).collect(Collectors.joining(", "));
    }
}
