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
 * control tables in schema {@code mongo2pg}. Safe to run at every start, and by several sinks at once.
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
