package io.mongo2pg.cli.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records a consumer still has to read between two offsets. On topics written in transactions (the
 * transformer's RowSet topics) every commit leaves a marker that takes an offset but is no record, so a consumer
 * that has read everything still sits one offset or more below the end: offsets alone would show lag that is not.
 * Counting reads the records, so it is only done for small gaps.
 */
final class PendingRecordCounter implements AutoCloseable {
    /** Gaps up to this many offsets are counted exactly; markers in a bigger gap hardly change it. */
    static final long MAX_COUNTED_GAP = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;

    PendingRecordCounter(Map<String, Object> clientConfig) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records in [{@code from}, {@code to}); the offset gap itself when it is too big to count or reading stalls. */
    long count(TopicPartition partition, long from, long to) {
        if (to - from > MAX_COUNTED_GAP || to <= from) {
            return Math.max(0, to - from);
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long records = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < to && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                if (record.offset() < to) {
                    records++;
                }
            }
        }
        return consumer.position(partition) >= to ? records : to - from;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
