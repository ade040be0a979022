package io.mongo2pg.sink.jdbc;

/** A value that cannot be stored in its column as it is; names the table, the column and the value. */
public class ValueEncodingException extends RejectedRowSetException {
    private final String table;
    private final String column;

    public ValueEncodingException(String table, String column, String sqlType, String value, String reason,
                                  String sqlState) {
        super("Cannot store " + value + " in column " + table + "." + column + " (" + sqlType + "): " + reason, sqlState);
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }
}
