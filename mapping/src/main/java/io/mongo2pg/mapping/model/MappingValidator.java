package io.mongo2pg.mapping.model;

import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a parsed mapping as a whole and reports every problem at once, each against its YAML path with the
 * fix: PostgreSQL's 63-byte identifier limit, names that collide (exactly, or only in case, which breaks any
 * SQL written without quotes), field paths placed twice, natural keys that are not columns.
 *
 * <p>Reserved words need no check: every identifier is quoted.
 */
public final class MappingValidator {
    /** PostgreSQL truncates identifiers longer than this many bytes, which would silently merge names. */
    static final int MAX_IDENTIFIER_BYTES = SqlIdentifier.MAX_BYTES;

    private final Mapping mapping;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Named> tables = new HashMap<>();

    private MappingValidator(Mapping mapping) {
        this.mapping = mapping;
    }

    /** A name, the YAML path that gave it, and what it names. */
    private record Named(String name, String path, String what) {
    }

    public static List<String> validate(Mapping mapping) {
        MappingValidator validator = new MappingValidator(mapping);
        validator.identifier("extraColumn", mapping.extraColumn());
        if (mapping.separator().indexOf('\0') >= 0) {
            validator.problems.add("separator: contains U+0000; use a character such as '_'");
        }
        mapping.collections().forEach(validator::collection);
        return validator.problems;
    }

    private void collection(CollectionMapping c) {
        String path = "collections." + c.collection();
        table(c.table(), path);
        Map<String, Named> columns = new HashMap<>();
        register(columns, RelationalModel.ID, path + ".id", "the primary key _id");
        register(columns, mapping.extraColumn(), "extraColumn", "the catch-all column");
        for (String placed : c.fields().placedPaths()) {
            if (placed.equals(RelationalModel.ID) || placed.startsWith(RelationalModel.ID + ".")) {
                problems.add(path + ": '" + placed + "' cannot be placed or excluded: _id is always the primary key "
                        + "column (set its type under 'id'); remove the entry");
            }
        }
        level(c.fields(), path, c.table(), columns, 0);
    }

    private void level(Fields fields, String path, String table, Map<String, Named> columns, int depth) {
        overlaps(fields, path);
        for (ColumnMapping column : fields.columns()) {
            column(column, path + ".columns." + column.fieldPath(), table, columns);
        }
        for (SubdocumentMapping sub : fields.subdocuments()) {
            String at = path + ".subdocuments." + sub.fieldPath();
            table(sub.table(), at);
            level(sub.fields(), at, sub.table(), dependentColumns(depth, at, true), depth);
        }
        for (ChildMapping child : fields.children()) {
            child(child, path + ".children." + child.fieldPath(), depth + 1);
        }
        for (LinkMapping link : fields.links()) {
            String at = path + ".links." + link.fieldPath();
            table(link.table(), at);
            Map<String, Named> linkColumns = dependentColumns(depth + 1, at, false);
            identifier(at + ".column", link.column());
            register(linkColumns, link.column(), at + ".column", "the link's value");
        }
    }

    private void child(ChildMapping child, String at, int depth) {
        table(child.table(), at);
        Map<String, Named> columns = dependentColumns(depth, at, !child.isScalar());
        if (child.isScalar()) {
            column(child.value().get(), at + ".value", child.table(), columns);
            return;
        }
        for (String key : child.key()) {
            var column = child.fields().columnForField(key);
            if (column.isEmpty()) {
                problems.add(at + ".key: '" + key + "' is not a column of this child table; map it under "
                        + at + ".columns, or remove it from 'key' to key the table by position");
            } else if (column.get().type().isArray()) {
                problems.add(at + ".key: '" + key + "' is an array column, which cannot be a natural key; choose a "
                        + "scalar field");
            }
        }
        level(child.fields(), at, child.table(), columns, depth);
    }

    private void column(ColumnMapping column, String at, String table, Map<String, Named> columns) {
        identifier(at + (column.column().equals(column.fieldPath()) ? "" : ".column"), column.column());
        register(columns, column.column(), at, "field '" + column.fieldPath() + "' in table '" + table + "'");
    }

    /** The key (and catch-all) columns every table at {@code depth} arrays deep has before its mapped ones. */
    private Map<String, Named> dependentColumns(int depth, String path, boolean withExtra) {
        Map<String, Named> columns = new HashMap<>();
        TableKeys.dependentKey(depth).forEach(k -> register(columns, k, path, "key column " + k));
        if (withExtra) {
            register(columns, mapping.extraColumn(), "extraColumn", "the catch-all column");
        }
        return columns;
    }

    private void table(String name, String path) {
        identifier(path + ".table", name);
        Named first = tables.putIfAbsent(name.toLowerCase(Locale.ROOT), new Named(name, path, "table"));
        if (first == null) {
            return;
        }
        if (first.name().equals(name)) {
            problems.add(path + ".table: table '" + name + "' is also the table of " + first.path()
                    + "; give each its own 'table' name");
        } else {
            problems.add(path + ".table: table '" + name + "' differs from '" + first.name() + "' (" + first.path()
                    + ") only in case, which breaks SQL written without quotes; rename one with 'table: ...'");
        }
    }

    private void register(Map<String, Named> columns, String name, String path, String what) {
        Named first = columns.putIfAbsent(name.toLowerCase(Locale.ROOT), new Named(name, path, what));
        if (first == null) {
            return;
        }
        String clash = first.name().equals(name) ? "is already taken by " + first.what() + " (" + first.path() + ")"
                : "differs from column '" + first.name() + "' of " + first.what() + " (" + first.path()
                + ") only in case, which breaks SQL written without quotes";
        problems.add(path + ": column '" + name + "' of " + what + " " + clash
                + "; rename it with 'column: other_name' (reserved: _id, _root_id, _ord, _ord_N, the extraColumn)");
    }

    private void overlaps(Fields fields, String path) {
        List<String> placed = fields.placedPaths();
        for (int i = 0; i < placed.size(); i++) {
            String a = placed.get(i);
            if (a.isEmpty() || a.startsWith(".") || a.endsWith(".") || a.contains("..")) {
                problems.add(path + ": field path '" + a + "' has an empty segment; write paths like 'address.city'");
            }
            for (int j = 0; j < i; j++) {
                String b = placed.get(j);
                if (a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".")) {
                    problems.add(path + ": field '" + a + "' overlaps '" + b + "', which is placed too; a field goes to "
                            + "one place: map the nested field under the subdocument's or child's own entry, or drop one");
                }
            }
        }
    }

    private void identifier(String path, String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            problems.add(path + ": '" + name + "' is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES
                    + "-byte identifier limit and would be truncated; choose a shorter name");
        }
        if (name.indexOf('\0') >= 0) {
            problems.add(path + ": the name contains U+0000, which PostgreSQL identifiers cannot hold; rename it");
        }
    }
}
