package io.mongo2pg.bench.transformer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: a plain consume-produce loop copying every record unchanged to the same partition of another
 * topic. What Kafka itself costs, with no decoding or mapping, tuned like the transformer's own clients
 * ({@link PassthroughSettings}). At-least-once (idempotent producer, offsets
 * auto-committed), or exactly-once like the transformer: records and offsets committed in one transaction every
 * {@code commitInterval}, read_committed.
 */
final class Passthrough implements AutoCloseable {
    static final String THREAD_NAME = "passthrough";
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String bootstrapServers;
    private final Duration commitInterval;
    private final PassthroughSettings settings;
    private final Thread thread;

    private Passthrough(String bootstrapServers, String from, String to, Duration commitInterval,
                        PassthroughSettings settings) {
        this.bootstrapServers = bootstrapServers;
        this.commitInterval = commitInterval;
        this.settings = settings;
        thread = new Thread(() -> copy(from, to), THREAD_NAME);
    }

    static Passthrough atLeastOnce(String bootstrapServers, String from, String to, PassthroughSettings settings) {
        return new Passthrough(bootstrapServers, from, to, null, settings);
    }

    static Passthrough exactlyOnce(String bootstrapServers, String from, String to, Duration commitInterval,
                                   PassthroughSettings settings) {
        return new Passthrough(bootstrapServers, from, to, commitInterval, settings);
    }

    void start() {
        thread.start();
    }

    private void copy(String from, String to) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer.subscribe(List.of(from));
            if (commitInterval == null) {
                copyAtLeastOnce(consumer, producer, to);
            } else {
                copyInTransactions(consumer, producer, to);
            }
        }
    }

    private void copyAtLeastOnce(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                                 String to) {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                producer.send(new ProducerRecord<>(to, r.partition(), r.key(), r.value()));
            }
        }
    }

    /** What Kafka Streams does with exactly_once_v2, without Kafka Streams: one transaction per commit interval. */
    private void copyInTransactions(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                                    String to) {
        producer.initTransactions();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long commitDue = System.nanoTime() + commitInterval.toNanos();
        producer.beginTransaction();
        while (running.get()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(to, r.partition(), r.key(), r.value()));
                offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            if (System.nanoTime() >= commitDue) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                offsets.clear();
                producer.beginTransaction();
                commitDue = System.nanoTime() + commitInterval.toNanos();
            }
        }
        producer.abortTransaction();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(settings.consumer());
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-passthrough-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        if (commitInterval != null) {
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(settings.producer());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (commitInterval != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-passthrough-" + System.nanoTime());
        }
        return config;
    }

    /** Whether the copy loop ended before {@link #close()} (it threw; the default handler printed why). */
    boolean failed() {
        return running.get() && thread.getState() == Thread.State.TERMINATED;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
