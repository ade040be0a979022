package io.mongo2pg.bench.transformer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: a plain consume-produce loop copying every record unchanged to the same partition of another
 * topic (at-least-once, idempotent producer). What Kafka itself costs, with no decoding or mapping.
 */
final class Passthrough implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Passthrough(String bootstrapServers, String from, String to) {
        thread = new Thread(() -> copy(bootstrapServers, from, to), "passthrough");
        thread.start();
    }

    static Passthrough start(String bootstrapServers, String from, String to) {
        return new Passthrough(bootstrapServers, from, to);
    }

    private void copy(String bootstrapServers, String from, String to) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-passthrough-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(from));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(to, r.partition(), r.key(), r.value()));
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
