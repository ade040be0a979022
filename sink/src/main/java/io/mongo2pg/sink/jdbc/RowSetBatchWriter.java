package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.batch.RowSetDeduplicator;
import io.mongo2pg.sink.batch.RowSetDeduplicator.Deduplicated;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.error.SqlErrors;
import io.mongo2pg.sink.sql.DmlStatements;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of consumed records in ONE PostgreSQL transaction, exactly once:
 * <ol>
 *   <li>lock the batch's partitions' rows in {@code mongo2pg.offsets} and skip records already applied (so a
 *       consumer that lost its partition in a rebalance cannot apply them again);</li>
 *   <li>keep the last change per document; check and encode each ({@link RowSetEncoder});</li>
 *   <li>apply them ({@link RowSetApplier}); if PostgreSQL refuses the batch for its data (SQLSTATE class 22, 23,
 *       ...: {@link SqlErrors.Kind#DATA}), roll back to a savepoint and split it in halves until the bad RowSets
 *       are isolated;</li>
 *   <li>write the refused and undecodable records to {@code mongo2pg.dead_letters}, the next offsets to
 *       {@code mongo2pg.offsets} and the freshness to {@code mongo2pg.progress}; commit.</li>
 * </ol>
 * Transient errors roll the whole transaction back and retry it with backoff ({@link RetryPolicy}). When they
 * persist, or the error is not in the data (a missing table or privilege: {@link SqlErrors.Kind#FATAL}), or it
 * hits the control tables, {@link #write} throws a {@link SinkException} and commits nothing.
 */
public final class RowSetBatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RowSetBatchWriter.class);

    private final DataSource dataSource;
    private final RowSetEncoder encoder;
    private final RowSetApplier applier;
    private final RetryPolicy retry;

    public RowSetBatchWriter(DataSource dataSource, RelationalModel model, String schema, RetryPolicy retry) {
        this.dataSource = dataSource;
        this.encoder = new RowSetEncoder(model);
        this.applier = new RowSetApplier(new DmlStatements(schema));
        this.retry = retry;
    }

    /**
     * Applies {@code records} (in consumption order) and commits.
     *
     * @throws SinkException when the batch cannot be committed; nothing of it is then applied
     */
    public BatchResult write(List<SinkRecord> records) {
        if (records.isEmpty()) {
            return new BatchResult(0, 0, 0, List.of(), Map.of());
        }
        String what = "applying " + records.size() + " records from " + partitions(records);
        try {
            BatchResult result = retry.call(what, () -> attempt(records));
            LOG.debug("Committed {}: {}", what, result);
            return result;
        } catch (SQLException e) {
            throw new SinkException("Failed " + what + " with an error that is not in the data of a single RowSet, so "
                    + "nothing was applied and nothing dead-lettered: " + SqlErrors.describe(e)
                    + ". Check the tables and the database user's privileges, then restart the sink.", e);
        }
    }

    private BatchResult attempt(List<SinkRecord> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                BatchResult result = applyInTransaction(connection, records);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private BatchResult applyInTransaction(Connection connection, List<SinkRecord> records) throws SQLException {
        Map<PartitionKey, Long> stored = ControlTablesWriter.lockOffsets(connection, partitions(records));
        List<SinkRecord> fresh = records.stream().filter(r -> isNew(r, stored)).toList();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<SinkRecord.Change> changes = new ArrayList<>();
        int tombstones = 0;
        for (SinkRecord record : fresh) {
            if (record instanceof SinkRecord.Change change) {
                changes.add(change);
            } else if (record instanceof SinkRecord.Rejected rejected) {
                deadLetters.add(rejected.deadLetter());
            } else {
                tombstones++;
            }
        }
        Deduplicated deduplicated = RowSetDeduplicator.lastPerDocument(changes);
        List<EncodedRowSet> encoded = encode(connection, deduplicated.changes(), deadLetters);
        List<EncodedRowSet> applied = applyIsolating(connection, encoded, deadLetters);

        ControlTablesWriter.writeDeadLetters(connection, deadLetters);
        Map<PartitionKey, Long> nextOffsets = nextOffsets(fresh);
        ControlTablesWriter.writeOffsets(connection, nextOffsets);
        ControlTablesWriter.writeProgress(connection, progress(changes, deadLetters));
        int skipped = records.size() - fresh.size() + tombstones;
        return new BatchResult(applied.size(), deduplicated.superseded(), skipped, deadLetters, nextOffsets);
    }

    private List<EncodedRowSet> encode(Connection connection, List<SinkRecord.Change> changes,
                                       List<DeadLetter> deadLetters) throws SQLException {
        List<EncodedRowSet> encoded = new ArrayList<>(changes.size());
        for (SinkRecord.Change change : changes) {
            try {
                encoded.add(encoder.encode(connection, change));
            } catch (RejectedRowSetException e) {
                deadLetters.add(deadLetter(change, e.getMessage(), e.sqlState()));
            }
        }
        return encoded;
    }

    /**
     * Applies {@code rowSets} under a savepoint; when PostgreSQL refuses them with a permanent error, rolls back
     * to it and retries each half, down to single RowSets, which become dead letters.
     *
     * @return the RowSets applied
     */
    private List<EncodedRowSet> applyIsolating(Connection connection, List<EncodedRowSet> rowSets,
                                               List<DeadLetter> deadLetters) throws SQLException {
        if (rowSets.isEmpty()) {
            return rowSets;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            applier.apply(connection, rowSets);
            connection.releaseSavepoint(savepoint);
            return rowSets;
        } catch (SQLException e) {
            if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                throw e; // transient: the whole transaction is retried; fatal: the sink stops
            }
            connection.rollback(savepoint);
            if (rowSets.size() == 1) {
                SinkRecord.Change change = rowSets.get(0).change();
                deadLetters.add(deadLetter(change, "PostgreSQL refused the change: " + SqlErrors.describe(e),
                        SqlErrors.sqlState(e).orElse(null)));
                return List.of();
            }
            int half = rowSets.size() / 2;
            List<EncodedRowSet> applied = new ArrayList<>(applyIsolating(connection, rowSets.subList(0, half), deadLetters));
            applied.addAll(applyIsolating(connection, rowSets.subList(half, rowSets.size()), deadLetters));
            return applied;
        }
    }

    private static DeadLetter deadLetter(SinkRecord.Change change, String reason, String sqlState) {
        RowSet rowSet = change.rowSet();
        LOG.warn("Dead letter at {} (collection {}, _id {}): {}", change.position(), rowSet.collection(),
                ExtendedJson.canonical(rowSet.id()), reason);
        return new DeadLetter(change.position(), rowSet.collection(), ExtendedJson.canonical(rowSet.id()), reason,
                sqlState, new String(RowSetCodec.encode(rowSet), StandardCharsets.UTF_8));
    }

    private static boolean isNew(SinkRecord record, Map<PartitionKey, Long> stored) {
        Long next = stored.get(key(record));
        return next == null || record.position().offset() >= next;
    }

    private static Map<PartitionKey, Long> nextOffsets(List<SinkRecord> records) {
        Map<PartitionKey, Long> next = new LinkedHashMap<>();
        records.forEach(r -> next.merge(key(r), r.position().offset() + 1, Math::max));
        return next;
    }

    /** The newest source timestamp per collection among the changes that did not end in the dead letters. */
    private static Map<String, Long> progress(List<SinkRecord.Change> changes, List<DeadLetter> deadLetters) {
        Set<Object> dead = new HashSet<>();
        deadLetters.forEach(d -> dead.add(d.position()));
        Map<String, Long> progress = new LinkedHashMap<>();
        changes.stream().filter(c -> !dead.contains(c.position()) && c.rowSet().source() != null)
                .forEach(c -> progress.merge(c.rowSet().collection(), c.rowSet().source().tsMs(), Math::max));
        return progress;
    }

    private static List<PartitionKey> partitions(List<SinkRecord> records) {
        return records.stream().map(RowSetBatchWriter::key).distinct().toList();
    }

    private static PartitionKey key(SinkRecord record) {
        return new PartitionKey(record.position().topic(), record.position().partition());
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
