package io.mongo2pg.sink.jdbc;

/**
 * A RowSet the sink refuses before sending it to PostgreSQL (a value that does not fit its column, a row for a
 * table the collection does not have, ...). It goes to the dead letters; retrying cannot help.
 */
public class RejectedRowSetException extends RuntimeException {
    private final String sqlState;

    public RejectedRowSetException(String message, String sqlState) {
        super(message);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE PostgreSQL would give for the same problem (e.g. 42804 datatype mismatch). */
    public String sqlState() {
        return sqlState;
    }
}
