package io.mongo2pg.cli.cutover;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the cutover statements (unique indexes on referenced fields, foreign keys added NOT VALID and validated) in one
 * transaction that is always rolled back: every statement that would fail is reported, under its own savepoint so
 * one failure does not hide the next. It takes the locks the real cutover takes, for as long as validation runs, so
 * a lock timeout keeps it from queueing behind (and in front of) the live sink for long.
 */
final class ForeignKeyDryRun {
    static final String LOCK_TIMEOUT = "10s";

    private ForeignKeyDryRun() {
    }

    /** A cutover statement that failed, with PostgreSQL's reason. */
    record Failure(String statement, String reason) {
    }

    static List<Failure> run(Connection connection, String schema, RelationalModel model) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            timeout.setString(1, LOCK_TIMEOUT);
            timeout.execute();
            for (String sql : new DdlGenerator(schema).cutoverStatements(model)) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    statement.execute(sql);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    connection.rollback(savepoint);
                    failures.add(new Failure(sql, e.getMessage()));
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return failures;
    }
}
