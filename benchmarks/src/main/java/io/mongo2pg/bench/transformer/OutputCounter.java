package io.mongo2pg.bench.transformer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts committed records arriving on output topics after a given position and times them from the first to the
 * last, so start-up (group join, task assignment) is not part of a throughput figure, for the passthroughs and the
 * transformer alike. Taking the position before each round lets rounds reuse the same output topics.
 */
final class OutputCounter {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private OutputCounter() {
    }

    /** The end offsets of every partition of {@code topics}: where the next round's records will start. */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /**
     * Records per second written after {@code from} until {@code expected} have arrived, by the broker's append time
     * of the first and the last ({@code message.timestamp.type=LogAppendTime} on the output topics). Append time, not
     * arrival time: transactional output becomes visible a commit at a time, but is appended as it is produced, so
     * at-least-once and exactly-once writers are timed alike.
     *
     * @param producerFailed tells whether the application producing the records has stopped on an error, so the
     *     benchmark fails at once instead of waiting for records that will never come
     */
    static double perSecond(String bootstrapServers, Map<TopicPartition, Long> from, long expected,
                            BooleanSupplier producerFailed) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long seen = 0;
            long firstAppend = Long.MAX_VALUE;
            long lastAppend = Long.MIN_VALUE;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen < expected) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    requireAppendTime(record);
                    firstAppend = Math.min(firstAppend, record.timestamp());
                    lastAppend = Math.max(lastAppend, record.timestamp());
                    seen++;
                }
                checkProgress(producerFailed, deadline, from, seen, expected);
            }
            if (lastAppend == firstAppend) {
                throw new IllegalStateException("All " + seen + " records were appended in one millisecond; too few "
                        + "to time, use more");
            }
            return (seen - 1) / ((lastAppend - firstAppend) / 1e3);
        }
    }

    private static void requireAppendTime(ConsumerRecord<byte[], byte[]> record) {
        if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalStateException("Topic " + record.topic() + " keeps the producer's timestamps; create it "
                    + "with message.timestamp.type=LogAppendTime");
        }
    }

    private static void checkProgress(BooleanSupplier producerFailed, long deadline, Map<TopicPartition, Long> from,
                                      long seen, long expected) {
        if (producerFailed.getAsBoolean()) {
            throw new IllegalStateException("The application writing " + from.keySet() + " failed after " + seen
                    + " of " + expected + " records; see its log");
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Only " + seen + " of " + expected + " records arrived on "
                    + from.keySet() + " within " + TIMEOUT);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
