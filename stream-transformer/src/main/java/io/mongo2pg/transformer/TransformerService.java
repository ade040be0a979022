package io.mongo2pg.transformer;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.transformer.metrics.PrometheusEndpoint;
import io.mongo2pg.transformer.metrics.TransformerMetrics;
import io.mongo2pg.transformer.topology.RowSetSerializers;
import io.mongo2pg.transformer.topology.TopologyFactory;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transformer topology in Kafka Streams.
 *
 * <p>A fatal error (an exception escaping a stream thread) shuts the whole client down rather than replacing the
 * thread: such errors are deterministic here (the same record would fail again), so retrying would loop. The error
 * is logged and completes {@link #termination()} exceptionally, so the caller can exit with it.
 *
 * <pre>{@code
 * try (TransformerService transformer = new TransformerService(config, mapping)) {
 *     transformer.start(Duration.ofMinutes(1));
 *     transformer.termination().join();   // returns after close(), throws on a fatal error
 * }
 * }</pre>
 */
public final class TransformerService implements AutoCloseable {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TransformerService.class);

    private final TransformerConfig config;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Serializer<RowSet> rowSets;
    private PrometheusEndpoint metricsEndpoint;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();

    /** Builds the topology and the Kafka Streams client; connects to nothing until {@link #start()}. */
    public TransformerService(TransformerConfig config, Mapping mapping) {
        this.config = config;
        this.rowSets = RowSetSerializers.forConfig(config, mapping);
        Topology topology = TopologyFactory.build(config, mapping, new TransformerMetrics(meters), rowSets);
        this.streams = new KafkaStreams(topology, config.streamsProperties());
        streams.setUncaughtExceptionHandler(this::onFatalError);
        streams.setStateListener(this::onStateChange);
    }

    /** {@link #start(Duration)} with {@link #DEFAULT_START_TIMEOUT}. */
    public void start() {
        start(DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts processing and waits until Kafka Streams is RUNNING (the group has formed and tasks are assigned).
     *
     * @throws TransformerException if it fails, or is not running within {@code timeout} (e.g. Kafka unreachable);
     *     the caller should then {@link #close()} it
     */
    public void start(Duration timeout) {
        LOG.info("Starting the transformer '{}' on {} (topic prefix '{}', database '{}')", config.applicationId(),
                config.bootstrapServers(), config.topicPrefix(), config.database());
        streams.start();
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TransformerException("The transformer '" + config.applicationId() + "' failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TransformerException("The transformer '" + config.applicationId() + "' is not running after "
                    + timeout + " (state " + streams.state() + "); check that Kafka is reachable at "
                    + config.bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransformerException("Interrupted while starting the transformer '" + config.applicationId() + "'", e);
        }
    }

    /** Kafka Streams' state: CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Completes normally once the transformer has been closed, exceptionally with a {@link TransformerException}
     * (the fatal error as its cause) when it stopped on its own.
     */
    public CompletableFuture<Void> termination() {
        return termination.copy();
    }

    /** Kafka Streams' metrics, including the transformer's own (group {@code stream-mongo2pg-transformer-metrics}). */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /**
     * Micrometer's binder of Kafka Streams' own metrics (its threads and tasks, and its consumer, producer and admin
     * clients), for the caller to bind to its registry and to close after this service.
     */
    public KafkaStreamsMetrics kafkaStreamsMetrics() {
        return new KafkaStreamsMetrics(streams);
    }

    /** The transformer's own meters (see {@link TransformerMetrics}), Prometheus-ready. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /**
     * Serves {@link #meters()} at {@code http://<address>/metrics} until {@link #close()}; port 0 picks a free port.
     *
     * @return the port it listens on
     */
    public synchronized int serveMetrics(InetSocketAddress address) {
        if (metricsEndpoint == null) {
            metricsEndpoint = PrometheusEndpoint.start(address, meters);
        }
        return metricsEndpoint.port();
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops processing, commits what was processed and leaves the group; waits at most {@code timeout}.
     * Leaving explicitly matters: otherwise the group keeps this member until its session times out (45 s),
     * and a restarted transformer cannot get its partitions back until then.
     */
    public void close(Duration timeout) {
        CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout);
        if (!streams.close(options)) {
            LOG.warn("The transformer '{}' did not shut down within {}; state {}", config.applicationId(), timeout,
                    streams.state());
        }
        synchronized (this) {
            if (metricsEndpoint != null) {
                metricsEndpoint.close();
            }
        }
        rowSets.close();
        meters.close();
        running.completeExceptionally(new TransformerException("The transformer was closed before it was running"));
        termination.complete(null);
    }

    private StreamThreadExceptionResponse onFatalError(Throwable error) {
        LOG.error("The transformer '{}' stops on a fatal error", config.applicationId(), error);
        TransformerException fatal = new TransformerException("The transformer '" + config.applicationId()
                + "' stopped on a fatal error: " + error.getMessage(), error);
        running.completeExceptionally(fatal);
        termination.completeExceptionally(fatal);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.info("The transformer '{}' went from {} to {}", config.applicationId(), oldState, newState);
        if (newState == KafkaStreams.State.RUNNING) {
            running.complete(null);
        } else if (newState == KafkaStreams.State.ERROR) {
            TransformerException failed = new TransformerException("The transformer '" + config.applicationId()
                    + "' is in state ERROR");
            running.completeExceptionally(failed);
            termination.completeExceptionally(failed);
        }
    }
}
