package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.error.SqlErrors;
import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, idempotently and in one transaction, the mapped tables (from {@link DdlGenerator}) and the sink's
 * control tables in schema {@code mongo2pg}, migrating control tables of an earlier version. Safe to run at every
 * start, and by several sinks at once.
 */
public final class SchemaInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInitializer.class);

    private final DataSource dataSource;
    private final String schema;
    private final RetryPolicy retry;

    public SchemaInitializer(DataSource dataSource, String schema, RetryPolicy retry) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.retry = retry;
    }

    /** Every statement {@link #initialize} runs, in order. */
    public List<String> statements(RelationalModel model) {
        List<String> statements = new ArrayList<>(ControlStatements.createStatements());
        statements.addAll(new DdlGenerator(schema).createStatements(model));
        return statements;
    }

    public void initialize(RelationalModel model) {
        List<String> statements = statements(model);
        try {
            retry.call("creating the sink's tables", () -> {
                run(statements, model);
                return null;
            });
        } catch (SQLException e) {
            throw new SinkException("Cannot create the tables in schema '" + schema + "' and '" + ControlStatements.SCHEMA
                    + "': " + SqlErrors.describe(e) + ". Check that the database user may create schemas and tables, "
                    + "and that existing tables of the same name match the mapping.", e);
        }
        LOG.info("Tables ready: schema '{}' ({} tables) and control schema '{}'", schema, model.allTables().size(),
                ControlStatements.SCHEMA);
    }

    private void run(List<String> statements, RelationalModel model) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                st.execute(ControlStatements.lockSchemaInitialization());
                for (String sql : statements) {
                    st.execute(sql);
                }
                migrateOffsetsOfVersion01(connection);
                List<String> problems = mismatches(connection, model);
                if (!problems.isEmpty()) {
                    connection.rollback();
                    throw new SinkException("Existing tables in schema '" + schema + "' do not match the mapping "
                            + "(CREATE TABLE IF NOT EXISTS left them as they were):\n  - " + String.join("\n  - ", problems)
                            + "\nWrite the migration with 'mongo2pg schema diff --mapping <mapping> --postgres <url> --schema "
                            + schema + " --migrations <dir>', review it, apply it with 'mongo2pg schema apply "
                            + "--migrations <dir> --postgres <url>', then start the sink again (or use another 'schema').");
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * mongo2pg 0.1 keyed {@code mongo2pg.offsets} by (topic, partition) only; its rows were the positions of the one
     * sink it could serve, which is taken to be this one (upgrade the live sink first): they keep their offsets under
     * this sink's schema, and the table is keyed by (target schema, topic, partition) from then on.
     */
    private void migrateOffsetsOfVersion01(Connection connection) throws SQLException {
        List<String> columns = aboutOffsetsTable(connection, ControlStatements.selectColumns());
        if (columns.contains(ControlStatements.TARGET_SCHEMA)) {
            return;
        }
        List<String> primaryKey = aboutOffsetsTable(connection, ControlStatements.selectPrimaryKeyName());
        try (Statement st = connection.createStatement();
             PreparedStatement claim = connection.prepareStatement(ControlStatements.claimOffsets())) {
            st.execute(ControlStatements.addOffsetsTargetSchema());
            claim.setString(1, schema);
            int rows = claim.executeUpdate();
            for (String sql : ControlStatements.keyOffsetsByTargetSchema(primaryKey.get(0))) {
                st.execute(sql);
            }
            LOG.info("Migrated {}.{} to one position per target schema: its {} row(s) now belong to schema '{}'",
                    ControlStatements.SCHEMA, ControlStatements.OFFSETS, rows, schema);
        }
    }

    /** The first column of every row of a query about the offsets table (parameters: its schema and name). */
    private static List<String> aboutOffsetsTable(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, ControlStatements.SCHEMA);
            ps.setString(2, ControlStatements.OFFSETS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /**
     * Every mapped column that an existing table lacks or has with another type. Extra columns are allowed (the
     * sink names its columns in every statement).
     */
    private List<String> mismatches(Connection connection, RelationalModel model) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMN_TYPES)) {
            for (TableDef table : model.allTables()) {
                ps.setString(1, schema);
                ps.setString(2, table.name());
                Map<String, String> actual = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        actual.put(rs.getString(1), rs.getString(2));
                    }
                }
                for (ColumnDef column : table.columns()) {
                    String expected = formatType(column.type().sqlType());
                    String found = actual.get(column.name());
                    if (found == null) {
                        problems.add(table.name() + "." + column.name() + ": missing (expected " + expected + ")");
                    } else if (!found.equals(expected)) {
                        problems.add(table.name() + "." + column.name() + ": is " + found + ", expected " + expected);
                    }
                }
            }
        }
        return problems;
    }

    /** A type as PostgreSQL's format_type() shows it. */
    static String formatType(String sqlType) {
        return sqlType.replace("timestamptz", "timestamp with time zone");
    }

    private static final String COLUMN_TYPES = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
            + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped";
}
