package io.mongo2pg.cli.runtime;

import io.mongo2pg.connectors.capture.DebeziumKafkaPublisher;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.kafka.SinkService;
import io.mongo2pg.transformer.TransformerService;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: the Debezium engine publishing change events to Kafka, the Kafka
 * Streams transformer and the PostgreSQL sink. They talk only through Kafka topics, exactly as the
 * separate services of a distributed deployment do, so a restart of this process resumes each of them
 * from its own committed position.
 */
public final class SingleProcessPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleProcessPipeline.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final SinkService sink;
    private final TransformerService transformer;
    private final DebeziumKafkaPublisher publisher;

    private SingleProcessPipeline(SinkService sink, TransformerService transformer, DebeziumKafkaPublisher publisher) {
        this.sink = sink;
        this.transformer = transformer;
        this.publisher = publisher;
    }

    /** Creates the topics and starts sink, transformer and capture, downstream first so nothing waits on them. */
    public static SingleProcessPipeline start(PipelineSettings settings, MongoCaptureConfig capture)
            throws InterruptedException {
        new PipelineTopics(settings.topicPrefix(), settings.database(), settings.mapping().collectionNames(),
                settings.partitions(), settings.replicationFactor()).ensureExist(settings.bootstrapServers());
        SinkService sink = SinkService.create(SinkConfig.parse(sinkProperties(settings), settings.mapping()),
                settings.mapping());
        TransformerService transformer = null;
        try {
            sink.start();
            transformer = new TransformerService(transformerConfig(settings), settings.mapping());
            transformer.start(START_TIMEOUT);
            DebeziumKafkaPublisher publisher = DebeziumKafkaPublisher.start(capture, settings.bootstrapServers());
            LOG.info("Pipeline running: {}", settings);
            return new SingleProcessPipeline(sink, transformer, publisher);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly(transformer, e);
            closeQuietly(sink, e);
            throw e;
        }
    }

    public SinkService sink() {
        return sink;
    }

    public TransformerService transformer() {
        return transformer;
    }

    public DebeziumKafkaPublisher publisher() {
        return publisher;
    }

    /** Stops capture first, then the transformer, then the sink; reports the first failure after all stopped. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {publisher, transformer, sink}) {
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("Pipeline did not stop cleanly: " + e.getMessage(), e)
                        : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static Map<String, String> sinkProperties(PipelineSettings settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("topic.prefix", settings.topicPrefix());
        props.put("jdbc.url", settings.jdbcUrl());
        props.put("jdbc.user", settings.jdbcUser());
        if (settings.jdbcPassword() != null) {
            props.put("jdbc.password", settings.jdbcPassword());
        }
        props.put("schema", settings.schema());
        return props;
    }

    static TransformerConfig transformerConfig(PipelineSettings settings) {
        return TransformerConfig.of(settings.bootstrapServers(), settings.topicPrefix() + "-transformer",
                        settings.topicPrefix(), settings.database())
                .withReplicationFactor(settings.replicationFactor())
                .withClientOverrides(Map.of("state.dir", settings.stateDir().toString()));
    }

    private static void closeQuietly(AutoCloseable part, Exception cause) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
