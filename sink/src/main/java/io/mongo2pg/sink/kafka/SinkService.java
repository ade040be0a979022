package io.mongo2pg.sink.kafka;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.jdbc.DataSourceFactory;
import io.mongo2pg.sink.jdbc.OffsetStore;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import io.mongo2pg.sink.metrics.SinkMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink process: consumes the RowSet topics with {@code parallelism} consumers of one group, each on its own
 * thread applying its partitions' batches as PostgreSQL transactions through one shared {@link RowSetBatchWriter}.
 * PostgreSQL is the source of truth for offsets: on assignment every partition is sought to the offset stored in
 * {@code mongo2pg.offsets} (or the beginning); offsets are also committed to Kafka after each PostgreSQL commit,
 * best effort, only so that lag tools see progress.
 *
 * <p>With {@code backfill=auto}, collections whose tables are empty at start load by plain COPY; once no record has
 * arrived for {@code backfill.idle.ms} the sink ends the backfill (builds the keys and indexes) and merges from then
 * on. A change to a document the backfill already loaded ends it at once.
 *
 * <p>{@link #start()} runs the loops. A failure of any stops them all and is surfaced by {@link #failure()},
 * {@link #completion()} and {@link #close()}, never swallowed.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);

    private final SinkConfig config;
    private final RowSetBatchWriter writer;
    private final SinkMetrics metrics;
    private final List<ConsumerLoop> loops;
    private final List<AutoCloseable> owned;
    private final SinkCounters counters = new SinkCounters();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicLong lastRecordsAt = new AtomicLong();
    private final AtomicLong startedAt = new AtomicLong();
    private final AtomicLong firstRecordsAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong recordsSeen = new AtomicLong();
    private volatile boolean running;
    private List<Thread> threads;
    private int loopsRunning;

    /**
     * A sink with one consumer loop over given resources; the caller keeps ownership of {@code dataSource} and must
     * have created the tables ({@link SchemaInitializer}). The consumer is closed by the sink.
     */
    public SinkService(SinkConfig config, RelationalModel model, DataSource dataSource, Consumer<byte[], byte[]> consumer) {
        this(config, model, dataSource, List.of(consumer), List.of(), SinkMetrics.none());
    }

    private SinkService(SinkConfig config, RelationalModel model, DataSource dataSource,
                        List<Consumer<byte[], byte[]>> consumers, List<AutoCloseable> owned, SinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        RetryPolicy retry = retryPolicy(config);
        this.writer = RowSetBatchWriter.builder(dataSource, model).schema(config.schema()).retry(retry).metrics(metrics)
                .build();
        OffsetStore offsetStore = new OffsetStore(dataSource, config.schema(), retry);
        // One decoder per loop: each runs on its loop's thread only, like a Kafka deserializer.
        List<ConsumerLoop> created = new ArrayList<>();
        for (Consumer<byte[], byte[]> consumer : consumers) {
            created.add(new ConsumerLoop(config, consumer, writer, offsetStore, new RecordDecoder(config, model.mapping()),
                    counters::add, "mongo2pg-sink-" + created.size()));
        }
        this.loops = List.copyOf(created);
        this.owned = List.copyOf(owned);
    }

    /** The production sink without metrics; see {@link #create(SinkConfig, Mapping, MeterRegistry)}. */
    public static SinkService create(SinkConfig config, Mapping mapping) {
        return create(config, mapping, null);
    }

    /**
     * The production sink: opens the connection pool, creates the tables (mapped and control) and
     * {@code parallelism} Kafka consumers. Call {@link #start()} to run it and {@link #close()} to stop it.
     *
     * @param registry where the sink's meters ({@link SinkMetrics}) and the pool's go; null for none
     */
    public static SinkService create(SinkConfig config, Mapping mapping, MeterRegistry registry) {
        RelationalModel model = RelationalModel.of(mapping);
        HikariDataSource dataSource = DataSourceFactory.create(config, registry);
        List<Consumer<byte[], byte[]>> consumers = new ArrayList<>();
        try {
            new SchemaInitializer(dataSource, config.schema(), retryPolicy(config)).initialize(model);
            for (int i = 0; i < config.apply().parallelism(); i++) {
                consumers.add(new KafkaConsumer<>(loopConsumerProperties(config, i)));
            }
            List<AutoCloseable> owned = new ArrayList<>();
            if (registry != null) {
                // Kafka's own consumer metrics (fetch rates, lag, coordinator), closed before the pool.
                consumers.forEach(c -> owned.add(bind(new KafkaClientMetrics(c), registry)));
            }
            owned.add(dataSource);
            return new SinkService(config, model, dataSource, consumers, owned,
                    registry == null ? SinkMetrics.none() : new SinkMetrics(registry));
        } catch (RuntimeException e) {
            consumers.forEach(c -> closeQuietly((AutoCloseable) c::close));
            dataSource.close();
            throw e;
        }
    }

    private static KafkaClientMetrics bind(KafkaClientMetrics metrics, MeterRegistry registry) {
        metrics.bindTo(registry);
        return metrics;
    }

    public static RetryPolicy retryPolicy(SinkConfig config) {
        return new RetryPolicy(config.retry().maxAttempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** The consumer settings: the {@code kafka.*} overrides, then the ones the sink's correctness depends on. */
    public static Map<String, Object> consumerProperties(SinkConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatchSize());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * The settings of loop {@code index}'s consumer: its own client id and, with static membership
     * ({@code kafka.group.instance.id}), its own instance id, so that a restarted sink takes its partitions back at
     * once instead of waiting for the old members' sessions to expire.
     */
    static Map<String, Object> loopConsumerProperties(SinkConfig config, int index) {
        Map<String, Object> props = consumerProperties(config);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-" + index);
        Object instance = props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instance != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance + "-" + index);
        }
        return props;
    }

    /** Starts the consume-apply loops on threads {@code mongo2pg-sink-<n>}. */
    public synchronized void start() {
        if (threads != null) {
            throw new IllegalStateException("The sink is already started");
        }
        running = true;
        loopsRunning = loops.size();
        lastRecordsAt.set(System.nanoTime());
        startedAt.set(lastRecordsAt.get());
        List<Thread> created = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            int index = i;
            created.add(new Thread(() -> run(index), "mongo2pg-sink-" + i));
        }
        threads = List.copyOf(created);
        threads.forEach(Thread::start);
        LOG.info("Sink started: {}", config);
    }

    public SinkCounters counters() {
        return counters;
    }

    /** The writer the loops apply batches through. */
    public RowSetBatchWriter writer() {
        return writer;
    }

    /** Waits until at least {@code count} records are applied, superseded, skipped or dead-lettered. */
    public boolean awaitHandled(long count, Duration timeout) throws InterruptedException {
        return counters.awaitHandled(count, timeout);
    }

    /**
     * How long after {@link #start()} the first records were polled: the start-up (backfill set-up, joining the
     * consumer group, the first fetch) before the sink's throughput; empty until records came.
     */
    public Optional<Duration> startupTime() {
        long first = firstRecordsAt.get();
        return first == Long.MIN_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(first - startedAt.get()));
    }

    /** Why the loops stopped, if one failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Completes when every loop has ended: normally after {@link #close()}, exceptionally when one failed. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Whether the loops are consuming: started, and neither closed nor failed. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops the loops (waking the consumers) and waits for them, at most {@code close.timeout.ms} before
     * interrupting them and as long again after; then closes what the sink owns.
     *
     * @throws SinkException if a loop failed, or did not stop in time
     */
    @Override
    public void close() {
        List<Thread> started;
        synchronized (this) {
            running = false;
            started = threads;
        }
        try {
            if (started == null) {
                loops.forEach(l -> closeQuietly((AutoCloseable) () -> l.close(config.closeTimeout())));
            } else {
                loops.forEach(SinkService::wakeUp);
                stop(started);
            }
        } finally {
            owned.forEach(SinkService::closeQuietly);
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new SinkException("The sink stopped with a failure: " + failed.getMessage(), failed);
        }
    }

    private static void wakeUp(ConsumerLoop loop) {
        try {
            loop.wakeup();
        } catch (RuntimeException e) {
            LOG.debug("Waking the consumer failed (it is closed already): {}", e.toString());
        }
    }

    /** Waits for the loops and their apply threads, interrupting them after the bound, and as long again. */
    private void stop(List<Thread> started) {
        long bound = config.closeTimeout().toMillis();
        try {
            if (!awaitStopped(started, bound)) {
                LOG.warn("The sink did not stop within {} ms; interrupting it", bound);
                started.forEach(Thread::interrupt);
                loops.forEach(ConsumerLoop::interruptApplier);
                if (!awaitStopped(started, bound)) {
                    throw new SinkException("The sink did not stop within " + 2 * bound
                            + " ms (it may be blocked on PostgreSQL); raise 'close.timeout.ms' or check the database");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting for the sink to stop");
        }
    }

    private boolean awaitStopped(List<Thread> started, long boundMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        for (Thread loop : started) {
            loop.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        for (ConsumerLoop loop : loops) {
            loop.awaitApplierStopped(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return started.stream().noneMatch(Thread::isAlive) && loops.stream().noneMatch(ConsumerLoop::stillApplying);
    }

    private void run(int index) {
        ConsumerLoop loop = loops.get(index);
        Throwable failed = null;
        try {
            awaitStartup(index);
            loop.subscribe();
            while (running) {
                List<ConsumerRecord<byte[], byte[]>> batch = loop.nextBatch();
                if (batch.isEmpty()) {
                    loop.awaitApplied();
                    whenIdle();
                } else {
                    firstRecords();
                    loop.submit(batch);
                    recordsSeen.addAndGet(batch.size());
                    lastRecordsAt.set(System.nanoTime());
                }
                metrics.lag(loops.stream().mapToLong(ConsumerLoop::lag).sum());
            }
        } catch (WakeupException e) {
            if (running) {
                failed = e;
            }
        } catch (Throwable t) {
            failed = t;
        } finally {
            closeQuietly((AutoCloseable) () -> loop.close(config.closeTimeout()));
            loopEnded(failed);
        }
    }

    private void firstRecords() {
        long now = System.nanoTime();
        if (firstRecordsAt.compareAndSet(Long.MIN_VALUE, now)) {
            LOG.info("First records polled {} ms after the start (backfill set-up, consumer group join, first fetch)",
                    TimeUnit.NANOSECONDS.toMillis(now - startedAt.get()));
        }
    }

    /** Loop 0 starts the backfill (before anything is written); the others wait for it. */
    private void awaitStartup(int index) {
        if (index == 0) {
            try {
                if (config.apply().backfill() == SinkConfig.BackfillMode.AUTO) {
                    writer.startBackfill();
                }
                started.complete(null);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                throw e;
            }
        } else {
            try {
                started.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                throw new SinkException("The sink's start-up failed on another loop", e.getCause());
            }
        }
    }

    /** Ends the backfill once records have come and then none for {@code backfill.idle.ms}: the sink caught up. */
    private void whenIdle() {
        boolean quiet = System.nanoTime() - lastRecordsAt.get() >= config.apply().backfillIdle().toNanos();
        if (quiet && recordsSeen.get() > 0 && !writer.backfillingCollections().isEmpty()) {
            LOG.info("No record for {} ms: ending the backfill of {}", config.apply().backfillIdle().toMillis(),
                    writer.backfillingCollections());
            writer.finishBackfill();
        }
    }

    private void loopEnded(Throwable failed) {
        boolean last;
        synchronized (this) {
            if (failed != null && failure.compareAndSet(null, failed)) {
                LOG.error("The sink stopped with a failure", failed);
                running = false;
                loops.forEach(SinkService::wakeUp);
            }
            last = --loopsRunning == 0;
        }
        if (last) {
            running = false;
            counters.stopped();
            // Completed last, so that whoever waits on it sees every loop fully stopped.
            Throwable first = failure.get();
            if (first == null) {
                completion.complete(null);
            } else {
                completion.completeExceptionally(first);
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Closing failed: {}", e.toString());
        }
    }
}
