package io.mongo2pg.transformer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transformer's Micrometer meters, per collection (tag {@code collection}). Names as Prometheus shows them:
 * <ul>
 *   <li>{@code mongo2pg_transformer_events_in_total}: change events read (tombstones excluded)</li>
 *   <li>{@code mongo2pg_transformer_events_out_total}: RowSets written</li>
 *   <li>{@code mongo2pg_transformer_dead_letters_total}: events sent to the dead-letter topic</li>
 *   <li>{@code mongo2pg_transformer_updates_skipped_total}: updates of since-deleted documents (full-document mode)</li>
 *   <li>{@code mongo2pg_transformer_processing_latency_seconds}: time to decode, apply and map one event</li>
 *   <li>{@code mongo2pg_transformer_source_freshness_seconds}: now minus the source {@code ts_ms} of the newest
 *       event processed (how far the transformer's output is behind MongoDB)</li>
 * </ul>
 * Meters of one collection are shared by all its tasks (one per partition), so they sum over partitions.
 */
public final class TransformerMetrics {
    public static final String PREFIX = "mongo2pg.transformer.";
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();

    public TransformerMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    TransformerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of one collection, registered on first use. */
    public Collection forCollection(String collection) {
        return collections.computeIfAbsent(collection, c -> new Collection(registry, clock, c));
    }

    /** The meters of one collection. Thread-safe. */
    public static final class Collection {
        private final Clock clock;
        private final Counter in;
        private final Counter out;
        private final Counter deadLetters;
        private final Counter skippedUpdates;
        private final Timer latency;
        private final AtomicLong newestSourceMs = new AtomicLong(Long.MIN_VALUE);

        private Collection(MeterRegistry registry, Clock clock, String collection) {
            this.clock = clock;
            in = counter(registry, "events.in", collection, "Change events read");
            out = counter(registry, "events.out", collection, "RowSets written");
            deadLetters = counter(registry, "dead.letters", collection, "Change events sent to the dead letters");
            skippedUpdates = counter(registry, "updates.skipped", collection,
                    "Updates without document of since-deleted documents");
            latency = Timer.builder(PREFIX + "processing.latency").tag("collection", collection)
                    .description("Time to decode, apply and map one change event").register(registry);
            Gauge.builder(PREFIX + "source.freshness", this, Collection::freshnessSeconds)
                    .tag("collection", collection).baseUnit("seconds")
                    .description("Now minus the source timestamp of the newest change event processed")
                    .register(registry);
        }

        public void eventIn() {
            in.increment();
        }

        public void eventOut() {
            out.increment();
        }

        public void deadLetter() {
            deadLetters.increment();
        }

        public void skippedUpdate() {
            skippedUpdates.increment();
        }

        public void processed(long startNanos, long sourceTsMs) {
            latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            newestSourceMs.accumulateAndGet(sourceTsMs, Math::max);
        }

        public void processed(long startNanos) {
            latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }

        /** NaN until an event was processed. */
        double freshnessSeconds() {
            long newest = newestSourceMs.get();
            return newest == Long.MIN_VALUE ? Double.NaN : (clock.millis() - newest) / 1000.0;
        }

        private static Counter counter(MeterRegistry registry, String name, String collection, String description) {
            return Counter.builder(PREFIX + name).tag("collection", collection).description(description)
                    .register(registry);
        }
    }
}
