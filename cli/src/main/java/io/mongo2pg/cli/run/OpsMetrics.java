package io.mongo2pg.cli.run;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
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
 * The process's Prometheus metrics: readiness, the sink's batches and the JVM's own meters here; the parts bind the
 * rest to {@link #registry()} when they start (the sink's meters, its pool's and its Kafka consumers', Kafka
 * Streams' metrics of the transformer).
 */
final class OpsMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    OpsMetrics(ServiceRuntime runtime) {
        registry.config().meterFilter(MeterFilter.deny(OpsMetrics::redundantKafkaMeter));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("mongo2pg.ready", runtime, r -> r.ready() ? 1 : 0)
                .description("1 when every part of the process runs").register(registry);
        FunctionCounter.builder("mongo2pg.sink.batches", runtime, r -> value(r, SinkCounters.Snapshot::batches))
                .description("PostgreSQL transactions the sink committed").register(registry);
    }

    /**
     * Kafka clients report every rate next to its cumulative total (Prometheus derives the rate from the total) and
     * every connection once per broker (series that multiply with the cluster's size); both are left out, which
     * keeps the Kafka series at 25 to 70 per client (measured: 266 for a transformer with one stream thread and a sink
     * with one consumer).
     */
    private static boolean redundantKafkaMeter(Meter.Id id) {
        return id.getName().startsWith("kafka.")
                && (id.getName().endsWith(".rate") || id.getTag("node.id") != null || id.getTag("node-id") != null);
    }

    /** Where the parts bind their meters. */
    MeterRegistry registry() {
        return registry;
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
