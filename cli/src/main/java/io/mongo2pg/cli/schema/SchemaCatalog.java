package io.mongo2pg.cli.schema;

import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What PostgreSQL's catalog says about the mapped tables of one schema. */
final class SchemaCatalog {
    private static final String COLUMN_TYPES = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
            + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped";

    private final Connection connection;
    private final String schema;

    SchemaCatalog(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    List<String> existingTables(RelationalModel model) throws SQLException {
        List<String> existing = new ArrayList<>();
        for (TableDef table : model.allTables()) {
            if (!columns(table.name()).isEmpty()) {
                existing.add(table.name());
            }
        }
        return existing;
    }

    /**
     * Every mapped column an existing table lacks or has with another type (CREATE TABLE IF NOT EXISTS would leave
     * such a table alone); with {@code includeMissing}, tables that do not exist count too.
     */
    List<String> mismatches(RelationalModel model, boolean includeMissing) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (TableDef table : model.allTables()) {
            Map<String, String> actual = columns(table.name());
            if (actual.isEmpty() && !includeMissing) {
                continue;
            }
            for (ColumnDef column : table.columns()) {
                String expected = column.type().sqlType().replace("timestamptz", "timestamp with time zone");
                String found = actual.get(column.name());
                if (found == null) {
                    problems.add(table.name() + "." + column.name() + ": missing (expected " + expected + ")");
                } else if (!found.equals(expected)) {
                    problems.add(table.name() + "." + column.name() + ": is " + found + ", expected " + expected);
                }
            }
        }
        return problems;
    }

    private Map<String, String> columns(String table) throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMN_TYPES)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    /** The URL as it may be shown: a password parameter is masked. */
    static String withoutPassword(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
