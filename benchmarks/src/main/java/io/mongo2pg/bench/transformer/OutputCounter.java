package io.mongo2pg.bench.transformer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts committed records arriving on output topics and times them from the first to the last, so start-up
 * (group join, task assignment) is not part of a throughput figure, for the passthrough and the transformer alike.
 */
final class OutputCounter {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private OutputCounter() {
    }

    /** Nanoseconds between the first and the {@code expected}-th record seen on {@code topics}. */
    static long timeUntil(String bootstrapServers, List<String> topics, long expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + System.nanoTime(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long seen = 0;
            long first = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen < expected) {
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0 && seen == 0) {
                    first = System.nanoTime();
                }
                seen += count;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + seen + " of " + expected + " records arrived on "
                            + topics + " within " + TIMEOUT);
                }
            }
            return System.nanoTime() - first;
        }
    }
}
