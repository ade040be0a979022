package io.mongo2pg.sink.kafka;

import com.zaxxer.hikari.HikariDataSource;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.jdbc.DataSourceFactory;
import io.mongo2pg.sink.jdbc.OffsetStore;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink process: consumes the RowSet topics and applies each poll's records as one PostgreSQL transaction
 * ({@link RowSetBatchWriter}). PostgreSQL is the source of truth for offsets: on assignment every partition is
 * sought to the offset stored in {@code mongo2pg.offsets} (or the beginning); offsets are also committed to Kafka
 * after each PostgreSQL commit, best effort, only so that lag tools see progress.
 *
 * <p>{@link #start()} runs the loop on its own thread. A failure stops the loop and is surfaced by
 * {@link #failure()}, {@link #completion()} and {@link #close()}, never swallowed.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);

    private final SinkConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final RowSetBatchWriter writer;
    private final OffsetStore offsetStore;
    private final RecordDecoder decoder;
    private final List<AutoCloseable> owned;
    private final SinkCounters counters = new SinkCounters();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile boolean running;
    private Thread thread;

    /**
     * A sink over given resources; the caller keeps ownership of {@code dataSource} and must have created the
     * tables ({@link SchemaInitializer}). The consumer is closed by the sink.
     */
    public SinkService(SinkConfig config, RelationalModel model, DataSource dataSource, Consumer<byte[], byte[]> consumer) {
        this(config, model, dataSource, consumer, List.of());
    }

    private SinkService(SinkConfig config, RelationalModel model, DataSource dataSource,
                        Consumer<byte[], byte[]> consumer, List<AutoCloseable> owned) {
        this.config = config;
        this.consumer = consumer;
        RetryPolicy retry = retryPolicy(config);
        this.writer = new RowSetBatchWriter(dataSource, model, config.schema(), retry);
        this.offsetStore = new OffsetStore(dataSource, retry);
        this.decoder = new RecordDecoder(config);
        this.owned = List.copyOf(owned);
    }

    /**
     * The production sink: opens the connection pool, creates the tables (mapped and control) and the Kafka
     * consumer. Call {@link #start()} to run it and {@link #close()} to stop it.
     */
    public static SinkService create(SinkConfig config, Mapping mapping) {
        RelationalModel model = RelationalModel.of(mapping);
        HikariDataSource dataSource = DataSourceFactory.create(config);
        try {
            new SchemaInitializer(dataSource, config.schema(), retryPolicy(config)).initialize(model);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config));
            return new SinkService(config, model, dataSource, consumer, List.of(dataSource));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
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

    /** Starts the consume-apply loop on thread {@code mongo2pg-sink}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("The sink is already started");
        }
        running = true;
        thread = new Thread(this::run, "mongo2pg-sink");
        thread.start();
        LOG.info("Sink started: {}", config);
    }

    public SinkCounters counters() {
        return counters;
    }

    /** Waits until at least {@code count} records are applied, superseded, skipped or dead-lettered. */
    public boolean awaitHandled(long count, Duration timeout) throws InterruptedException {
        return counters.awaitHandled(count, timeout);
    }

    /** Why the loop stopped, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Completes when the loop ends: normally after {@link #close()}, exceptionally when it failed. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Whether the loop is consuming: started, and neither closed nor failed. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops the loop (waking the consumer) and waits for it, at most {@code close.timeout.ms} before interrupting
     * it and as long again after; then closes what the sink owns.
     *
     * @throws SinkException if the loop failed, or did not stop in time
     */
    @Override
    public void close() {
        Thread loop;
        synchronized (this) {
            running = false;
            loop = thread;
        }
        try {
            if (loop == null) {
                consumer.close(CloseOptions.timeout(config.closeTimeout()));
            } else {
                wakeUp();
                stop(loop);
            }
        } finally {
            owned.forEach(SinkService::closeQuietly);
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new SinkException("The sink stopped with a failure: " + failed.getMessage(), failed);
        }
    }

    private void wakeUp() {
        try {
            consumer.wakeup();
        } catch (RuntimeException e) {
            LOG.debug("Waking the consumer failed (it is closed already): {}", e.toString());
        }
    }

    private void stop(Thread loop) {
        try {
            loop.join(config.closeTimeout().toMillis());
            if (loop.isAlive()) {
                LOG.warn("The sink did not stop within {} ms; interrupting it", config.closeTimeout().toMillis());
                loop.interrupt();
                loop.join(config.closeTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting for the sink to stop");
        }
        if (loop.isAlive()) {
            throw new SinkException("The sink did not stop within " + 2 * config.closeTimeout().toMillis()
                    + " ms (it may be blocked on PostgreSQL); raise 'close.timeout.ms' or check the database");
        }
    }

    private void run() {
        Throwable failed = null;
        try {
            consumer.subscribe(config.topics(), new SeekFromStoredOffsets());
            while (running) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(config.pollTimeout());
                if (!polled.isEmpty()) {
                    apply(polled);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failed = e;
            }
        } catch (Throwable t) {
            failed = t;
        } finally {
            running = false;
            closeConsumer();
            counters.stopped();
            // Completed last, so that whoever waits on it sees the loop fully stopped.
            if (failed == null) {
                completion.complete(null);
            } else {
                LOG.error("The sink stopped with a failure", failed);
                failure.set(failed);
                completion.completeExceptionally(failed);
            }
        }
    }

    private void apply(ConsumerRecords<byte[], byte[]> polled) {
        List<SinkRecord> records = new ArrayList<>(polled.count());
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            records.add(decoder.decode(record));
        }
        BatchResult result = writer.write(records);
        commitToKafka(result.nextOffsets());
        counters.add(result);
    }

    /** Best effort: PostgreSQL holds the real offsets; this only lets lag tools see progress. */
    private void commitToKafka(Map<PartitionKey, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, o) -> offsets.put(new TopicPartition(p.topic(), p.partition()), new OffsetAndMetadata(o)));
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("Could not commit offsets {} to Kafka (lag tools will lag; PostgreSQL has them): {}",
                        committed, error.toString());
            }
        });
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(config.closeTimeout()));
        } catch (RuntimeException e) {
            LOG.warn("Closing the Kafka consumer failed: {}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", resource, e.toString());
        }
    }

    /** Seeks every newly assigned partition to its offset in PostgreSQL, or to its beginning when it has none. */
    private final class SeekFromStoredOffsets implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            List<PartitionKey> keys = partitions.stream().map(tp -> new PartitionKey(tp.topic(), tp.partition())).toList();
            Map<PartitionKey, Long> stored = offsetStore.nextOffsets(keys);
            List<TopicPartition> fromBeginning = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long next = stored.get(new PartitionKey(tp.topic(), tp.partition()));
                if (next == null) {
                    fromBeginning.add(tp);
                } else {
                    consumer.seek(tp, next);
                }
            }
            if (!fromBeginning.isEmpty()) {
                consumer.seekToBeginning(fromBeginning);
            }
            LOG.info("Assigned {}: resuming from PostgreSQL offsets {}, from the beginning {}", partitions, stored,
                    fromBeginning);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Every polled record is committed to PostgreSQL before the next poll: nothing is pending.
        }
    }
}
