package io.mongo2pg.connectors.capture;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium embedded engine on its own thread, with its life cycle made observable: {@link #awaitRunning} returns
 * once the engine polls its source (or reports why it could not start), and the completion callback's error is kept
 * as a {@link CaptureFailure} instead of being only logged.
 */
final class CaptureEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEngine.class);

    private final CaptureEngineSpec spec;
    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final CompletableFuture<Void> polling = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final AtomicReference<CaptureFailure> failure = new AtomicReference<>();
    private final Consumer<CaptureFailure> failureListener;
    private final Thread thread;

    /**
     * @param failureListener told (on the engine's thread) when the engine stops with an error
     */
    CaptureEngine(CaptureEngineSpec spec, Producer<String, String> producer, Consumer<CaptureFailure> failureListener) {
        this.spec = spec;
        this.failureListener = failureListener;
        this.engine = DebeziumEngine.create(Json.class)
                .using(spec.toProperties())
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        polling.complete(null);
                    }
                })
                .using(this::onCompletion)
                .notifying(new KafkaChangeConsumer(spec.engineName(), producer))
                .build();
        this.thread = new Thread(engine, "mongo2pg-capture-" + spec.engineName());
    }

    String name() {
        return spec.engineName();
    }

    Optional<CaptureFailure> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Starts the engine thread; the offsets directory must exist or the file offset store fails to start. */
    void start() {
        try {
            Files.createDirectories(spec.offsetsFile().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the offsets directory of engine '" + name() + "': "
                    + spec.offsetsFile().getParent(), e);
        }
        thread.start();
    }

    /**
     * Waits until the engine polls (snapshot or streaming), so that {@link #stop} is allowed: Debezium refuses to
     * stop an engine whose tasks are still starting.
     *
     * @throws CaptureEngineException if it stopped first or did not get there in time
     */
    void awaitRunning(Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.anyOf(polling, completed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the futures complete normally", e);
        } catch (TimeoutException e) {
            throw new CaptureEngineException("Debezium engine '" + name() + "' did not start polling "
                    + spec.captureTarget() + " within " + timeout);
        }
        if (!polling.isDone()) {
            throw failure().map(CaptureFailure::toException).orElseGet(() -> new CaptureEngineException(
                    "Debezium engine '" + name() + "' stopped before it started polling " + spec.captureTarget()));
        }
    }

    /**
     * Stops the engine (committing the offsets of the records marked processed) and waits for its thread.
     *
     * @return false if it did not stop in time
     */
    boolean stop(Duration timeout) throws InterruptedException {
        if (!thread.isAlive()) {
            return true; // never started, or already finished
        }
        if (!completed.isDone()) {
            try {
                engine.close();
            } catch (IOException | IllegalStateException e) {
                // Already stopping or stopped on its own: the completion callback reports why.
                LOG.debug("Engine '{}' was already stopping: {}", name(), e.getMessage());
            }
        }
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    private void onCompletion(boolean success, String message, Throwable error) {
        if (!success) {
            CaptureFailure stopped = new CaptureFailure(name(), message, error);
            failure.set(stopped);
            // Debezium has logged the stack trace; this line names the engine, the API reports the failure.
            LOG.warn("Debezium engine '{}' stopped with an error: {}", name(), message);
            failureListener.accept(stopped);
        }
        completed.complete(null);
    }
}
