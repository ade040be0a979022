package io.mongo2pg.cli.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.capture.DebeziumKafkaPublisher;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.sink.kafka.SinkService;
import io.mongo2pg.transformer.TransformerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one process, started downstream first (broker, topics, sink, transformer, capture) so that nothing
 * waits on a part not yet there, and stopped in the opposite order so that each part drains into a running next one.
 */
final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final List<Part> parts = Collections.synchronizedList(new ArrayList<>());
    private volatile SinkService sink;

    private volatile boolean started;

    /**
     * Starts the parts of {@code roles}; the embedded broker too when the config says so and the process captures.
     * Until it returns, {@link #ready()} is false.
     *
     * @param registry where the sink and the transformer bind their meters and their Kafka clients' metrics
     * @throws Exception if a part fails to start; the parts already started are stopped
     */
    void start(Mongo2pgConfig config, Set<Role> roles, MeterRegistry registry) throws Exception {
        try {
            startParts(config, roles, registry);
            started = true;
        } catch (Exception e) {
            closeAfterFailedStart(e);
            throw e;
        }
    }

    private void startParts(Mongo2pgConfig config, Set<Role> roles, MeterRegistry registry) throws Exception {
        String bootstrap = config.kafka().clientBootstrapServers();
        if (config.kafka().embedded() && roles.contains(Role.CAPTURE)) {
            Path dir = Files.createDirectories(config.dataDir().resolve("kafka"));
            parts.add(Parts.broker(EmbeddedKafkaBroker.start(dir, config.kafka().embeddedPort(), Map.of())));
        }
        ServiceSettings.topics(config).ensureExist(ServiceSettings.admin(config, bootstrap));
        if (roles.contains(Role.SINK)) {
            sink = SinkService.create(ServiceSettings.sink(config, bootstrap), config.mapping(), registry);
            parts.add(Parts.sink(sink));
            sink.start();
        }
        if (roles.contains(Role.TRANSFORMER)) {
            TransformerService transformer = new TransformerService(ServiceSettings.transformer(config, bootstrap),
                    config.mapping());
            KafkaStreamsMetrics streamsMetrics = transformer.kafkaStreamsMetrics();
            parts.add(Parts.transformer(transformer, streamsMetrics));
            streamsMetrics.bindTo(registry);
            transformer.start(START_TIMEOUT);
        }
        if (roles.contains(Role.CAPTURE)) {
            parts.add(Parts.capture(DebeziumKafkaPublisher.start(config.capture(),
                    ServiceSettings.producer(config, bootstrap), DebeziumKafkaPublisher.DEFAULT_TIMEOUT)));
        }
        LOG.info("mongo2pg running {} with {}", partNames(), config.kafka());
    }

    List<Part> parts() {
        return List.copyOf(parts);
    }

    Optional<SinkService> sink() {
        return Optional.ofNullable(sink);
    }

    List<String> partNames() {
        return parts().stream().map(Part::name).toList();
    }

    boolean ready() {
        List<Part> now = parts();
        return started && !now.isEmpty() && now.stream().allMatch(Part::running);
    }

    /** The first part that stopped on its own, with why. */
    Optional<String> failure() {
        return parts().stream().flatMap(p -> p.failure().map(f -> p.name() + ": " + f).stream()).findFirst();
    }

    /** Stops the parts in the reverse order of their start; reports the first problem after all stopped. */
    @Override
    public void close() {
        List<Part> reversed = new ArrayList<>(parts());
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (Part part : reversed) {
            try {
                part.close();
                LOG.info("{} stopped", part.name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException(part.name() + " did not stop cleanly: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started = false;
        parts.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void closeAfterFailedStart(Exception cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
