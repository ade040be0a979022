package io.mongo2pg.sink.jdbc;

import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.error.SqlErrors;
import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the committed next offsets of one target schema's sink from {@code mongo2pg.offsets}, the source of truth for
 * where to resume.
 */
public final class OffsetStore {
    private final DataSource dataSource;
    private final String schema;
    private final RetryPolicy retry;

    /** @param schema the target schema of the sink whose offsets these are */
    public OffsetStore(DataSource dataSource, String schema, RetryPolicy retry) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.retry = retry;
    }

    /** The next offset to read per partition; partitions never committed are absent. */
    public Map<PartitionKey, Long> nextOffsets(Collection<PartitionKey> partitions) {
        try {
            return retry.call("reading the stored offsets of " + partitions, () -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    return ControlTablesWriter.readOffsets(connection, schema, partitions,
                            ControlStatements.selectOffset());
                }
            });
        } catch (SQLException e) {
            throw new SinkException("Cannot read the stored offsets of " + partitions + " (schema '" + schema + "') from "
                    + ControlStatements.SCHEMA + "." + ControlStatements.OFFSETS + ": " + SqlErrors.describe(e), e);
        }
    }
}
