package io.mongo2pg.cli.run;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mongo2pg.sink.kafka.SinkCounters;
import java.util.function.ToDoubleFunction;

/**
 * The process's Prometheus metrics: readiness, the sink's totals (applied, superseded, skipped, dead-lettered
 * RowSets, batches) and the JVM's own meters.
 */
final class OpsMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    OpsMetrics(ServiceRuntime runtime) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("mongo2pg.ready", runtime, r -> r.ready() ? 1 : 0)
                .description("1 when every part of the process runs").register(registry);
        sinkCounter(runtime, "applied", SinkCounters.Snapshot::applied);
        sinkCounter(runtime, "superseded", SinkCounters.Snapshot::superseded);
        sinkCounter(runtime, "skipped", SinkCounters.Snapshot::skipped);
        sinkCounter(runtime, "dead_letter", SinkCounters.Snapshot::deadLetters);
        FunctionCounter.builder("mongo2pg.sink.batches", runtime, r -> value(r, SinkCounters.Snapshot::batches))
                .description("PostgreSQL transactions the sink committed").register(registry);
    }

    private void sinkCounter(ServiceRuntime runtime, String outcome, ToDoubleFunction<SinkCounters.Snapshot> value) {
        FunctionCounter.builder("mongo2pg.sink.rowsets", runtime, r -> value(r, value)).tag("outcome", outcome)
                .description("RowSets the sink handled, by outcome").register(registry);
    }

    private static double value(ServiceRuntime runtime, ToDoubleFunction<SinkCounters.Snapshot> value) {
        return runtime.sink().map(s -> value.applyAsDouble(s.counters().snapshot())).orElse(0.0);
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
