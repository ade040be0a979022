package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.batch.RowSetDeduplicator;
import io.mongo2pg.sink.batch.RowSetDeduplicator.Deduplicated;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.error.SqlErrors;
import io.mongo2pg.sink.metrics.SinkMetrics;
import io.mongo2pg.sink.sql.DmlStatements;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of records in ONE PostgreSQL transaction, exactly once:
 * <ol>
 *   <li>lock the batch's partitions' rows in {@code mongo2pg.offsets} and skip records already applied (so a
 *       consumer that lost its partition in a rebalance cannot apply them again);</li>
 *   <li>keep the last change per document; check and encode each as COPY text ({@link RowSetEncoder});</li>
 *   <li>apply them: by plain COPY for collections in backfill ({@link Backfill}, {@link CopyApplier}), by COPY into
 *       staging and a set-based merge otherwise ({@link MergeApplier}); if PostgreSQL refuses the data (SQLSTATE
 *       class 22, 23, ...: {@link SqlErrors.Kind#DATA}), roll back to a savepoint and split the RowSets in halves
 *       until the bad ones are isolated;</li>
 *   <li>write the refused and undecodable records to {@code mongo2pg.dead_letters}, the next offsets to
 *       {@code mongo2pg.offsets} and the freshness to {@code mongo2pg.progress}; commit.</li>
 * </ol>
 * Transient errors roll the whole transaction back and retry it with backoff ({@link RetryPolicy}). When they
 * persist, or the error is not in the data (a missing table or privilege: {@link SqlErrors.Kind#FATAL}), or it
 * hits the control tables, {@link #write} throws a {@link SinkException} and commits nothing.
 *
 * <p>Thread-safe: several threads (one per group of partitions) may write through one writer at once.
 *
 * <p>Typical use outside the Kafka sink (import, benchmarks): {@code builder(...).storeOffsets(false).build()},
 * {@link #startBackfill()}, {@link #write} batches, {@link #finishBackfill()}.
 */
public final class RowSetBatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RowSetBatchWriter.class);

    private final DataSource dataSource;
    private final RowSetEncoder encoder;
    private final MergeApplier merge;
    private final CopyApplier copy;
    private final Backfill backfill;
    private final RetryPolicy retry;
    private final SinkMetrics metrics;
    private final boolean storeOffsets;
    private final String schema;

    /** A writer for Kafka records (offsets stored with each batch), without metrics. */
    public RowSetBatchWriter(DataSource dataSource, RelationalModel model, String schema, RetryPolicy retry) {
        this(builder(dataSource, model).schema(schema).retry(retry));
    }

    private RowSetBatchWriter(Builder b) {
        this.dataSource = b.dataSource;
        this.encoder = new RowSetEncoder(b.model);
        DmlStatements statements = new DmlStatements(b.schema);
        this.merge = new MergeApplier(statements);
        this.copy = new CopyApplier(statements);
        this.backfill = new Backfill(b.schema, b.model);
        this.retry = b.retry;
        this.metrics = b.metrics;
        this.storeOffsets = b.storeOffsets;
        this.schema = b.schema;
    }

    public static Builder builder(DataSource dataSource, RelationalModel model) {
        return new Builder(dataSource, model);
    }

    /** Settings of a writer; every one has a default. */
    public static final class Builder {
        private final DataSource dataSource;
        private final RelationalModel model;
        private String schema = SinkConfig.DEFAULT_SCHEMA;
        private RetryPolicy retry = new RetryPolicy(SinkConfig.RetrySettings.DEFAULT.maxAttempts(),
                SinkConfig.RetrySettings.DEFAULT.initialBackoff(), SinkConfig.RetrySettings.DEFAULT.maxBackoff());
        private SinkMetrics metrics = SinkMetrics.none();
        private boolean storeOffsets = true;

        private Builder(DataSource dataSource, RelationalModel model) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The target schema of the mapped tables (default {@code public}). */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder metrics(SinkMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Whether the records' positions are Kafka offsets to fence and store in {@code mongo2pg.offsets} (default
         * true). Off for records that do not come from Kafka (an import's file lines): nothing is skipped or stored.
         */
        public Builder storeOffsets(boolean storeOffsets) {
            this.storeOffsets = storeOffsets;
            return this;
        }

        public RowSetBatchWriter build() {
            return new RowSetBatchWriter(this);
        }
    }

    /**
     * Starts the backfill fast path for every collection whose tables are all empty (and ends backfills a crashed
     * writer left). Call before the first {@link #write}, from one thread.
     *
     * @return the collections that load with plain COPY from now on, until {@link #finishBackfill()} or a change
     *     to a document they already hold
     */
    public Set<String> startBackfill() {
        List<String> started = inTransaction("starting the backfill", backfill::start);
        backfill.started(started);
        return Set.copyOf(started);
    }

    /**
     * Ends every backfill this writer runs: rebuilds the primary keys, foreign keys and indexes, analyzes the
     * tables. From then on every change goes through the upsert path.
     *
     * @return the collections whose backfill ended
     */
    public Set<String> finishBackfill() {
        Set<String> owned = backfill.ownedCollections();
        if (owned.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(inTransaction("finishing the backfill of " + owned, connection -> {
            List<String> ended = new ArrayList<>();
            for (String collection : owned) {
                if (backfill.end(connection, collection)) {
                    ended.add(collection);
                }
            }
            return ended;
        }));
    }

    /** The collections this writer loads with plain COPY now. */
    public Set<String> backfillingCollections() {
        return backfill.ownedCollections();
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
        long started = System.nanoTime();
        Outcome outcome = inTransaction(what, connection -> applyInTransaction(connection, records));
        backfill.loaded(outcome.backfilledIds());
        BatchResult result = outcome.result();
        metrics.batch(Duration.ofNanos(System.nanoTime() - started), outcome.upsertRows(), outcome.backfillRows(),
                result.applied(), result.superseded(), result.skipped(), result.deadLetters().size());
        LOG.debug("Committed {}: {}", what, result);
        return result;
    }

    /** Work in one transaction. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String what, TransactionWork<T> work) {
        try {
            return retry.call(what, () -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try {
                        T result = work.run(connection);
                        connection.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollback(connection, e);
                        throw e;
                    }
                }
            });
        } catch (SQLException e) {
            throw new SinkException("Failed " + what + " with an error that is not in the data of a single RowSet, so "
                    + "nothing was applied and nothing dead-lettered: " + SqlErrors.describe(e)
                    + ". Check the tables and the database user's privileges, then restart the sink.", e);
        }
    }

    /** What a committed batch did, with what the writer learns only once it is committed. */
    private record Outcome(BatchResult result, Map<String, List<String>> backfilledIds, long upsertRows,
                           long backfillRows) {
    }

    private Outcome applyInTransaction(Connection connection, List<SinkRecord> records) throws SQLException {
        Map<PartitionKey, Long> stored = storeOffsets
                ? ControlTablesWriter.lockOffsets(connection, schema, partitions(records)) : Map.of();
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
        List<EncodedRowSet> encoded = encode(deduplicated.changes(), deadLetters);
        BatchPlan plan = plan(connection, encoded);
        List<EncodedRowSet> copied = applyIsolating(connection, plan.copy(), true, deadLetters);
        List<EncodedRowSet> merged = applyIsolating(connection, plan.merge(), false, deadLetters);

        ControlTablesWriter.writeDeadLetters(connection, deadLetters);
        Map<PartitionKey, Long> nextOffsets = nextOffsets(fresh);
        if (storeOffsets) {
            ControlTablesWriter.writeOffsets(connection, schema, nextOffsets);
        }
        ControlTablesWriter.writeProgress(connection, progress(changes, deadLetters));
        int skipped = records.size() - fresh.size() + tombstones;
        int applied = copied.size() + merged.size() + plan.nothingToDo();
        BatchResult result = new BatchResult(applied, deduplicated.superseded(), skipped, deadLetters, nextOffsets);
        return new Outcome(result, idsByCollection(copied), rows(merged), rows(copied));
    }

    /**
     * Which RowSets load by plain COPY (collections this writer backfills, documents it has not loaded yet), which
     * merge, and how many need nothing (deletes of documents a backfill never loaded). A collection whose batch
     * changes a document it already loaded ends its backfill here, and merges.
     */
    private record BatchPlan(List<EncodedRowSet> copy, List<EncodedRowSet> merge, int nothingToDo) {
    }

    private BatchPlan plan(Connection connection, List<EncodedRowSet> encoded) throws SQLException {
        Set<String> collections = new HashSet<>();
        encoded.forEach(r -> collections.add(r.collection()));
        Set<String> active = collections.isEmpty() ? Set.of() : backfill.activeFor(connection, collections);
        if (active.isEmpty()) {
            return new BatchPlan(List.of(), encoded, 0);
        }
        Set<String> ending = new HashSet<>();
        for (EncodedRowSet rowSet : encoded) {
            if (active.contains(rowSet.collection()) && backfill.isLoaded(rowSet.collection(), rowSet.idField())) {
                ending.add(rowSet.collection());
            }
        }
        for (String collection : ending) {
            LOG.info("Collection '{}' changes a document its backfill already loaded: ending the backfill", collection);
            backfill.end(connection, collection);
        }
        List<EncodedRowSet> copyList = new ArrayList<>();
        List<EncodedRowSet> mergeList = new ArrayList<>();
        int nothing = 0;
        for (EncodedRowSet rowSet : encoded) {
            boolean backfilled = active.contains(rowSet.collection()) && !ending.contains(rowSet.collection());
            if (!backfilled) {
                mergeList.add(rowSet);
            } else if (rowSet.isDelete()) {
                nothing++;
            } else {
                copyList.add(rowSet);
            }
        }
        return new BatchPlan(copyList, mergeList, nothing);
    }

    private List<EncodedRowSet> encode(List<SinkRecord.Change> changes, List<DeadLetter> deadLetters) {
        List<EncodedRowSet> encoded = new ArrayList<>(changes.size());
        for (SinkRecord.Change change : changes) {
            try {
                encoded.add(encoder.encode(change));
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
    private List<EncodedRowSet> applyIsolating(Connection connection, List<EncodedRowSet> rowSets, boolean backfilled,
                                               List<DeadLetter> deadLetters) throws SQLException {
        if (rowSets.isEmpty()) {
            return rowSets;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            if (backfilled) {
                copy.apply(connection, rowSets);
            } else {
                merge.apply(connection, rowSets);
            }
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
            List<EncodedRowSet> applied = new ArrayList<>(
                    applyIsolating(connection, rowSets.subList(0, half), backfilled, deadLetters));
            applied.addAll(applyIsolating(connection, rowSets.subList(half, rowSets.size()), backfilled, deadLetters));
            return applied;
        }
    }

    private static DeadLetter deadLetter(SinkRecord.Change change, String reason, String sqlState) {
        LOG.warn("Dead letter at {} (collection {}, _id {}): {}", change.position(), change.collection(),
                change.idJson(), reason);
        return new DeadLetter(change.position(), change.collection(), change.idJson(), reason, sqlState,
                new String(RowSetCodec.encode(change.rowSet()), StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> idsByCollection(List<EncodedRowSet> rowSets) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        rowSets.forEach(r -> ids.computeIfAbsent(r.collection(), c -> new ArrayList<>()).add(r.idField()));
        return ids;
    }

    private static long rows(List<EncodedRowSet> rowSets) {
        return rowSets.stream().mapToLong(EncodedRowSet::rowCount).sum();
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
        changes.stream().filter(c -> !dead.contains(c.position()) && c.source() != null)
                .forEach(c -> progress.merge(c.collection(), c.source().tsMs(), Math::max));
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
