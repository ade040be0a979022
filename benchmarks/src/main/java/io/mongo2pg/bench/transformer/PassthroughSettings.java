package io.mongo2pg.bench.transformer;

import io.mongo2pg.transformer.topology.TransformerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The passthroughs' client settings: the batching and fetching settings the transformer's own producer and consumer
 * run with (Kafka Streams' defaults plus the transformer's, e.g. 256 KB batches and linger.ms=100), so the baseline
 * is what a well-tuned consume-produce loop does and the ratio measures the transformer's own work, not its
 * tuning. Extra producer settings from the command line come last.
 *
 * @param producer the producer settings, without bootstrap servers and transactional id
 * @param consumer the consumer settings, without bootstrap servers, group and isolation level
 */
record PassthroughSettings(Map<String, Object> producer, Map<String, Object> consumer) {
    private static final List<String> PRODUCER_KEYS = List.of(ProducerConfig.BATCH_SIZE_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProducerConfig.ACKS_CONFIG);
    private static final List<String> CONSUMER_KEYS = List.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);

    static PassthroughSettings like(TransformerConfig transformer, Map<String, String> producerExtras) {
        StreamsConfig streams = new StreamsConfig(transformer.streamsProperties());
        Map<String, Object> producer = pick(streams.getProducerConfigs("bench"), PRODUCER_KEYS);
        producer.putAll(producerExtras);
        return new PassthroughSettings(Map.copyOf(producer),
                Map.copyOf(pick(streams.getMainConsumerConfigs("bench", "bench", 0), CONSUMER_KEYS)));
    }

    /** The chosen keys that are set (explicitly or as a Streams default); unset ones keep the client's default. */
    private static Map<String, Object> pick(Map<String, Object> all, List<String> keys) {
        Map<String, Object> picked = new HashMap<>();
        keys.stream().filter(all::containsKey).forEach(k -> picked.put(k, all.get(k)));
        return picked;
    }

    @Override
    public String toString() {
        return "producer " + new java.util.TreeMap<>(producer) + ", consumer " + new java.util.TreeMap<>(consumer);
    }
}
