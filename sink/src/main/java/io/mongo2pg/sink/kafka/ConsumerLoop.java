package io.mongo2pg.sink.kafka;

import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.SinkException;
import io.mongo2pg.sink.jdbc.OffsetStore;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the sink's group and its loop: poll, fill a batch (up to {@code max.batch.size} records, polling
 * on for at most {@code batch.linger.ms}), decode it, apply it as one transaction through the shared writer, commit
 * the offsets to Kafka (best effort). Records polled beyond a full batch wait for the next one; those of partitions
 * this consumer loses in a rebalance are dropped (their new owner reads them from PostgreSQL's offsets).
 *
 * <p>Batches are pipelined: each is applied on the loop's own apply thread while the loop thread polls and decodes
 * the next, so PostgreSQL is not idle while the sink decodes, nor the sink while PostgreSQL writes. At most one batch
 * is in flight and batches are applied in the order polled, so the offsets PostgreSQL stores only ever advance. A
 * rebalance first waits for the batch in flight: the offsets it reads for a partition are then the latest.
 */
final class ConsumerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final SinkConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final RowSetBatchWriter writer;
    private final OffsetStore offsetStore;
    private final RecordDecoder decoder;
    private final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private final AtomicLong lag = new AtomicLong();
    private final java.util.function.Consumer<BatchResult> onApplied;
    private final ExecutorService applier;
    private Future<BatchResult> inFlight;

    /**
     * @param onApplied told of every applied batch, on the apply thread, as soon as PostgreSQL committed it
     * @param name the loop's name; its apply thread is called {@code <name>-apply}
     */
    ConsumerLoop(SinkConfig config, Consumer<byte[], byte[]> consumer, RowSetBatchWriter writer,
                 OffsetStore offsetStore, RecordDecoder decoder, java.util.function.Consumer<BatchResult> onApplied,
                 String name) {
        this.config = config;
        this.consumer = consumer;
        this.writer = writer;
        this.offsetStore = offsetStore;
        this.decoder = decoder;
        this.onApplied = onApplied;
        this.applier = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-apply"));
    }

    void subscribe() {
        consumer.subscribe(config.topics(), new SeekFromStoredOffsets());
    }

    /**
     * Polls and fills the next batch; empty when no record arrived within {@code poll.timeout.ms}.
     */
    List<ConsumerRecord<byte[], byte[]>> nextBatch() {
        int max = config.maxBatchSize();
        if (pending.size() < max) {
            poll(pending.isEmpty() ? config.pollTimeout() : Duration.ZERO);
        }
        if (pending.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + config.apply().linger().toNanos();
        long remaining;
        while (pending.size() < max && (remaining = deadline - System.nanoTime()) > 0) {
            poll(Duration.ofNanos(remaining));
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(pending.subList(0, Math.min(max, pending.size())));
        pending.subList(0, batch.size()).clear();
        return batch;
    }

    /**
     * Decodes {@code batch} on this thread, waits for the batch before it to be applied, then starts applying this
     * one on the apply thread and returns.
     *
     * @throws RuntimeException what applying the batch before failed with
     */
    void submit(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<SinkRecord> records = new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            records.add(decoder.decode(record));
        }
        awaitApplied();
        inFlight = applier.submit(() -> {
            BatchResult result = writer.write(records);
            onApplied.accept(result);
            return result;
        });
    }

    /**
     * Waits until the batch in flight, if any, is applied, and tells Kafka (best effort) how far PostgreSQL is.
     *
     * @throws RuntimeException what applying it failed with
     */
    void awaitApplied() {
        Future<BatchResult> batch = inFlight;
        if (batch == null) {
            return;
        }
        inFlight = null;
        try {
            commitToKafka(batch.get().nextOffsets());
        } catch (InterruptedException e) {
            batch.cancel(true);
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while a batch was being applied (it commits whole or not at all)");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : new SinkException(cause.getMessage(), cause);
    }

    /** Records behind the end of this consumer's partitions, as of its last poll. */
    long lag() {
        return lag.get();
    }

    void wakeup() {
        consumer.wakeup();
    }

    /**
     * Closes the consumer and the decoder; the batch in flight, if any, goes on to its commit (or rollback) on the
     * apply thread: {@link #awaitApplierStopped} waits for it.
     */
    void close(Duration timeout) {
        applier.shutdown();
        try {
            consumer.close(CloseOptions.timeout(timeout));
        } finally {
            decoder.close();
        }
    }

    /** Waits at most {@code millis} for the apply thread to end, once {@link #close} has been called. */
    void awaitApplierStopped(long millis) throws InterruptedException {
        applier.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Interrupts the batch being applied (it commits whole or not at all). */
    void interruptApplier() {
        applier.shutdownNow();
    }

    /** Whether the apply thread still runs (a batch PostgreSQL blocks, or {@link #close} not called yet). */
    boolean stillApplying() {
        return !applier.isTerminated();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            pending.add(record);
        }
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(tp);
            behind += partitionLag.orElse(0);
        }
        lag.set(behind + pending.size());
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

    private void dropPending(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        pending.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
    }

    /** Seeks every newly assigned partition to its offset in PostgreSQL, or to its beginning when it has none. */
    private final class SeekFromStoredOffsets implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            awaitApplied(); // the stored offsets must include the batch in flight
            dropPending(partitions);
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
            // Every applied batch is committed to PostgreSQL; records polled but not applied are dropped.
            awaitApplied();
            dropPending(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            awaitApplied();
            dropPending(partitions);
        }
    }
}
