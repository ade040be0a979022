package io.mongo2pg.sink.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.postgresql.PGConnection;

/** Sends COPY text lines through pgjdbc's CopyManager on the caller's connection (so in its transaction). */
final class CopyLoader {
    private CopyLoader() {
    }

    /**
     * Runs {@code copySql} ({@code COPY ... FROM STDIN}, text format) with {@code lines} as its data.
     *
     * @return the rows PostgreSQL loaded
     */
    static long copy(Connection connection, String copySql, Collection<String> lines) throws SQLException {
        if (lines.isEmpty()) {
            return 0;
        }
        StringBuilder data = new StringBuilder(lines.size() * 128);
        for (String line : lines) {
            data.append(line).append('\n');
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            // Reading a byte array cannot fail; pgjdbc reports a broken connection as SQLException (08006).
            throw new SQLException("COPY failed reading its in-memory data: " + e.getMessage(), "08006", e);
        }
    }
}
