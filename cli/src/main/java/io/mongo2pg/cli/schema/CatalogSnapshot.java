package io.mongo2pg.cli.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What PostgreSQL's catalog holds for one schema: its tables with their columns (type as {@code format_type} writes
 * it, nullability), primary keys, unique constraints, foreign keys, and index names. Read once, compared in memory.
 */
record CatalogSnapshot(boolean schemaExists, Map<String, Table> tables, Set<String> indexes) {
    /** A table: columns in order, its primary key, its unique column lists, its foreign keys. */
    record Table(Map<String, Column> columns, List<String> primaryKey, List<List<String>> uniques, List<ForeignKey> foreignKeys) {
    }

    record Column(String type, boolean notNull) {
    }

    record ForeignKey(List<String> columns, String table, List<String> referenced) {
    }

    private static final String COLUMNS = "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY c.relname, a.attnum";
    /** Constraint columns in key order, with the referenced table and columns of a foreign key. */
    private static final String CONSTRAINTS = "SELECT c.relname, k.contype,"
            + " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a"
            + "   ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[],"
            + " f.relname, ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a"
            + "   ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[]"
            + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_class f ON f.oid = k.confrelid WHERE n.nspname = ? AND k.contype IN ('p', 'u', 'f')"
            + " ORDER BY c.relname, k.conname";
    private static final String INDEXES = "SELECT indexname FROM pg_indexes WHERE schemaname = ?";

    static CatalogSnapshot read(Connection connection, String schema) throws SQLException {
        boolean exists = !query(connection, "SELECT nspname FROM pg_namespace WHERE nspname = ?", schema).isEmpty();
        Map<String, Map<String, Column>> columns = new LinkedHashMap<>();
        for (Object[] row : rows(connection, COLUMNS, schema, 4)) {
            columns.computeIfAbsent((String) row[0], t -> new LinkedHashMap<>())
                    .put((String) row[1], new Column((String) row[2], (Boolean) row[3]));
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        List<Object[]> constraints = rows(connection, CONSTRAINTS, schema, 5);
        columns.forEach((name, cols) -> tables.put(name, table(name, cols, constraints)));
        return new CatalogSnapshot(exists, tables, new TreeSet<>(query(connection, INDEXES, schema)));
    }

    Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    private static Table table(String name, Map<String, Column> columns, List<Object[]> constraints) {
        List<String> primaryKey = List.of();
        List<List<String>> uniques = new ArrayList<>();
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (Object[] c : constraints) {
            if (!c[0].equals(name)) {
                continue;
            }
            List<String> keyColumns = Arrays.asList((String[]) c[2]);
            switch ((String) c[1]) {
                case "p" -> primaryKey = keyColumns;
                case "u" -> uniques.add(keyColumns);
                default -> foreignKeys.add(new ForeignKey(keyColumns, (String) c[3], Arrays.asList((String[]) c[4])));
            }
        }
        return new Table(columns, primaryKey, uniques, foreignKeys);
    }

    private static List<Object[]> rows(Connection connection, String sql, String schema, int width) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        Object value = rs.getObject(i + 1);
                        row[i] = value instanceof java.sql.Array array ? array.getArray() : value;
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<String> query(Connection connection, String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        for (Object[] row : rows(connection, sql, parameter, 1)) {
            values.add((String) row[0]);
        }
        return values;
    }
}
