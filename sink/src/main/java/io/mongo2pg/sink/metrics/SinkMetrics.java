package io.mongo2pg.sink.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's Micrometer meters, registered on the registry the caller passes in (the CLI exposes it to Prometheus):
 * <ul>
 *   <li>{@value #ROWS} (counter, tag {@code path} = {@code upsert} or {@code backfill}): rows written; its rate is
 *       the rows per second;</li>
 *   <li>{@value #ROWSETS} (counter, tag {@code outcome} = {@code applied}, {@code superseded}, {@code skipped} or
 *       {@code dead_letter});</li>
 *   <li>{@value #BATCH} (timer): the latency of one batch, from the start of its transaction to its commit,
 *       retries included;</li>
 *   <li>{@value #LAG} (gauge): records behind the end of the assigned partitions, after the last poll.</li>
 * </ul>
 */
public final class SinkMetrics {
    public static final String ROWS = "mongo2pg.sink.rows";
    public static final String ROWSETS = "mongo2pg.sink.rowsets";
    public static final String BATCH = "mongo2pg.sink.batch";
    public static final String LAG = "mongo2pg.sink.consumer.lag";

    private final MeterRegistry registry;
    private final Counter upsertRows;
    private final Counter backfillRows;
    private final Counter applied;
    private final Counter superseded;
    private final Counter skipped;
    private final Counter deadLetters;
    private final Timer batch;
    private final AtomicLong lag = new AtomicLong();

    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        upsertRows = Counter.builder(ROWS).tag("path", "upsert").description("Rows written").register(registry);
        backfillRows = Counter.builder(ROWS).tag("path", "backfill").description("Rows written").register(registry);
        applied = rowSets("applied");
        superseded = rowSets("superseded");
        skipped = rowSets("skipped");
        deadLetters = rowSets("dead_letter");
        batch = Timer.builder(BATCH).description("Latency of one batch transaction, retries included")
                .register(registry);
        Gauge.builder(LAG, lag, AtomicLong::get).description("Records behind the end of the assigned partitions")
                .register(registry);
    }

    /** Meters that go nowhere, for callers that do not watch them. */
    public static SinkMetrics none() {
        return new SinkMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One committed batch. */
    public void batch(Duration took, long upserted, long backfilled, int appliedRowSets, int supersededRowSets,
                      int skippedRecords, int deadLettered) {
        batch.record(took);
        upsertRows.increment(upserted);
        backfillRows.increment(backfilled);
        applied.increment(appliedRowSets);
        superseded.increment(supersededRowSets);
        skipped.increment(skippedRecords);
        deadLetters.increment(deadLettered);
    }

    public void lag(long records) {
        lag.set(records);
    }

    private Counter rowSets(String outcome) {
        return Counter.builder(ROWSETS).tag("outcome", outcome).description("RowSets by outcome").register(registry);
    }
}
