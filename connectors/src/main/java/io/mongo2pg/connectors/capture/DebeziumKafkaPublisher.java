package io.mongo2pg.connectors.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real Debezium MongoDB connector in Debezium's embedded engine (no Kafka Connect) and publishes every change
 * event to Kafka: topic {@code <prefix>.<db>.<collection>}, key and value the JSON the JsonConverter writes without
 * schemas, a delete's tombstone as a null value.
 *
 * <p>One engine runs per {@link CaptureEngineSpec} of the configuration (one per collection with
 * {@code capture.scope=collection}); they share one idempotent producer with {@code acks=all}. Offsets are committed
 * only for records Kafka acknowledged (at-least-once) and stored in files under the offsets directory, so a new
 * publisher on the same directory resumes where the last one stopped, without a new snapshot.
 *
 * <p>An engine that stops on its own (bad configuration, lost source, failed send) is reported by {@link #failure()}
 * and by {@link #close()}, which throws.
 */
public final class DebeziumKafkaPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumKafkaPublisher.class);

    /** How long {@link #start} waits for each engine to poll and {@link #close} for each engine to stop. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Producer<String, String> producer;
    private final List<CaptureEngine> engines;
    private final Duration timeout;
    private final CompletableFuture<CaptureFailure> firstFailure;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DebeziumKafkaPublisher(Producer<String, String> producer, List<CaptureEngine> engines, Duration timeout,
                                   CompletableFuture<CaptureFailure> firstFailure) {
        this.producer = producer;
        this.engines = List.copyOf(engines);
        this.timeout = timeout;
        this.firstFailure = firstFailure;
    }

    /** Starts publishing to the brokers at {@code bootstrapServers} with the default producer settings. */
    public static DebeziumKafkaPublisher start(MongoCaptureConfig capture, String bootstrapServers)
            throws InterruptedException {
        return start(capture, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DEFAULT_TIMEOUT);
    }

    /**
     * Starts every engine of {@code capture} and returns once all of them poll their source.
     *
     * @param producerConfig Kafka producer settings, at least {@code bootstrap.servers} (and security settings);
     *     serializers, {@code acks=all} and idempotence are always set by the publisher
     * @throws CaptureEngineException if an engine fails to start; the engines already started are stopped
     */
    public static DebeziumKafkaPublisher start(MongoCaptureConfig capture, Map<String, Object> producerConfig,
                                               Duration timeout) throws InterruptedException {
        if (!producerConfig.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Missing value for configuration "
                    + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " in the producer settings: the publisher needs the Kafka brokers");
        }
        Producer<String, String> producer = new KafkaProducer<>(producerSettings(producerConfig));
        CompletableFuture<CaptureFailure> firstFailure = new CompletableFuture<>();
        List<CaptureEngine> engines;
        try {
            engines = capture.engineSpecs().stream()
                    .map(spec -> new CaptureEngine(spec, producer, firstFailure::complete))
                    .toList();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        DebeziumKafkaPublisher publisher = new DebeziumKafkaPublisher(producer, engines, timeout, firstFailure);
        try {
            publisher.startEngines();
        } catch (RuntimeException | InterruptedException e) {
            publisher.stopAfterFailedStart(e);
            throw e;
        }
        return publisher;
    }

    private void startEngines() throws InterruptedException {
        long started = System.nanoTime();
        engines.forEach(CaptureEngine::start);
        for (CaptureEngine engine : engines) {
            engine.awaitRunning(timeout);
        }
        LOG.info("Debezium engines {} polling after {} ms", engineNames(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The first engine failure so far, if any engine stopped on its own. */
    public Optional<CaptureFailure> failure() {
        return engines.stream().flatMap(e -> e.failure().stream()).findFirst();
    }

    /**
     * Completes when the first engine stops with an error, so that a runtime can react (e.g. stop the process)
     * without polling {@link #failure()}. The other engines keep running until {@link #close()}.
     */
    public CompletionStage<CaptureFailure> firstFailure() {
        return firstFailure.minimalCompletionStage();
    }

    /** The names of the running engines, one per capture target. */
    public List<String> engineNames() {
        return engines.stream().map(CaptureEngine::name).toList();
    }

    /**
     * Stops every engine (each commits the offsets of what Kafka acknowledged), then closes the producer.
     *
     * Closing again does nothing.
     *
     * @throws CaptureEngineException if an engine had failed or did not stop in time; other failures are suppressed
     */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        List<String> stuck = new ArrayList<>();
        for (CaptureEngine engine : engines) {
            if (!engine.stop(timeout)) {
                stuck.add(engine.name());
            }
        }
        producer.close(timeout);
        LOG.info("Debezium engines {} stopped in {} ms", engineNames(), (System.nanoTime() - started) / 1_000_000);
        List<CaptureEngineException> problems = new ArrayList<>();
        engines.forEach(e -> e.failure().ifPresent(f -> problems.add(f.toException())));
        if (!stuck.isEmpty()) {
            problems.add(new CaptureEngineException("Debezium engines " + stuck + " did not stop within " + timeout));
        }
        if (!problems.isEmpty()) {
            CaptureEngineException first = problems.get(0);
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void stopAfterFailedStart(Exception cause) {
        try {
            close();
        } catch (CaptureEngineException | InterruptedException e) {
            // Usually the very failure that made the start fail; anything else stays visible next to it.
            if (!String.valueOf(e.getMessage()).equals(cause.getMessage())) {
                cause.addSuppressed(e);
            }
        }
    }

    private static Map<String, Object> producerSettings(Map<String, Object> producerConfig) {
        Map<String, Object> settings = new HashMap<>(producerConfig);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "mongo2pg-capture");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return settings;
    }
}
