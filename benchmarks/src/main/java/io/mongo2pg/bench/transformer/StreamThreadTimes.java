package io.mongo2pg.bench.transformer;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the stream threads spent their time, from Kafka Streams' thread metrics (averaged over the threads):
 * the fractions polling, processing (our code and the producer's send) and committing, and the commits made. Tells
 * whether the transformer is bound by its own CPU work or by Kafka round trips.
 */
record StreamThreadTimes(double pollRatio, double processRatio, double commitRatio, double commits,
                         double commitLatencyMs) {
    private static final String GROUP = "stream-thread-metrics";

    static StreamThreadTimes of(Map<MetricName, ? extends Metric> metrics) {
        return new StreamThreadTimes(average(metrics, "poll-ratio"), average(metrics, "process-ratio"),
                average(metrics, "commit-ratio"), sum(metrics, "commit-total"), average(metrics, "commit-latency-avg"));
    }

    @Override
    public String toString() {
        return String.format("stream thread time: poll %.0f%%, process %.0f%%, commit %.0f%% (%.0f commits, %.0f ms "
                + "each)", 100 * pollRatio, 100 * processRatio, 100 * commitRatio, commits, commitLatencyMs);
    }

    private static double average(Map<MetricName, ? extends Metric> metrics, String name) {
        return values(metrics, name).average().orElse(Double.NaN);
    }

    private static double sum(Map<MetricName, ? extends Metric> metrics, String name) {
        return values(metrics, name).sum();
    }

    private static java.util.stream.DoubleStream values(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP) && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue()).filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue()).filter(v -> !Double.isNaN(v));
    }
}
