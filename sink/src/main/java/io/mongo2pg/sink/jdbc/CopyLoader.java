package io.mongo2pg.sink.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams encoded rows through pgjdbc's COPY protocol on the caller's connection (so in its transaction), in binary
 * format. The rows' bytes go into the COPY stream as they are, between the format's header and trailer, 64 KiB at a
 * time: no joined copy of the batch is built.
 */
final class CopyLoader {
    private static final int CHUNK = 64 * 1024;
    /** The binary COPY signature, then no flags and no header extension. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** A field count of -1 ends the rows. */
    static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    private CopyLoader() {
    }

    /**
     * Runs {@code copySql} ({@code COPY ... FROM STDIN}, binary format) with the rows the RowSets have in table
     * {@code table} (their index in {@code tables.all()}); does nothing when none has a row there.
     *
     * @return the rows PostgreSQL loaded
     */
    static long copy(Connection connection, String copySql, List<EncodedRowSet> rowSets, int table)
            throws SQLException {
        long expected = 0;
        for (EncodedRowSet rowSet : rowSets) {
            expected += table < rowSet.rows().length ? rowSet.rows()[table] : 0;
        }
        if (expected == 0) {
            return 0;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            byte[] buffer = new byte[CHUNK];
            System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
            int used = HEADER.length;
            for (EncodedRowSet rowSet : rowSets) {
                byte[] data = table < rowSet.data().length ? rowSet.data()[table] : EncodedRowSet.NO_DATA;
                if (used + data.length > CHUNK) {
                    copy.writeToCopy(buffer, 0, used);
                    used = 0;
                }
                if (data.length > CHUNK) {
                    copy.writeToCopy(data, 0, data.length);
                } else {
                    System.arraycopy(data, 0, buffer, used, data.length);
                    used += data.length;
                }
            }
            if (used + TRAILER.length > CHUNK) {
                copy.writeToCopy(buffer, 0, used);
                used = 0;
            }
            System.arraycopy(TRAILER, 0, buffer, used, TRAILER.length);
            copy.writeToCopy(buffer, 0, used + TRAILER.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancel(copy);
            }
        }
    }

    private static void cancel(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException e) {
            // The COPY failed already; its error is the one that matters.
        }
    }
}
