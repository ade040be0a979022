package io.mongo2pg.bench.transformer;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.transformer.TransformerService;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;

/**
 * One run for one dataset on a real broker: write the change events once, then time the passthrough and the
 * transformer over those same records.
 */
final class TransformerBenchmark {
    static final String PREFIX = "bench";

    private final String bootstrapServers;
    private final Mapping mapping;
    private final int partitions;
    private final Path stateDir;

    TransformerBenchmark(String bootstrapServers, Mapping mapping, int partitions, Path stateDir) {
        this.bootstrapServers = bootstrapServers;
        this.mapping = mapping;
        this.partitions = partitions;
        this.stateDir = stateDir;
    }

    record Result(BenchDataset dataset, int events, double passthroughPerSecond, double transformerPerSecond) {
        double ratio() {
            return transformerPerSecond / passthroughPerSecond;
        }
    }

    Result run(BenchDataset dataset, int events) throws ExecutionException, InterruptedException {
        TransformerConfig config = TransformerConfig.of(bootstrapServers, "bench-transformer-" + dataset.collection(),
                PREFIX, dataset.database()).withReplicationFactor(1)
                .withClientOverrides(Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        String input = config.changeTopic(dataset.collection());
        String copy = PREFIX + ".passthrough." + dataset.collection();
        createTopics(List.of(input, copy, config.rowsTopic(dataset.collection()), config.deadLetterTopic()));
        produce(dataset, input, events);

        long passthroughNanos;
        try (Passthrough ignored = Passthrough.start(bootstrapServers, input, copy)) {
            passthroughNanos = OutputCounter.timeUntil(bootstrapServers, List.of(copy), events);
        }
        long transformerNanos;
        try (TransformerService transformer = new TransformerService(config, mapping)) {
            transformer.start(Duration.ofMinutes(2));
            transformerNanos = OutputCounter.timeUntil(bootstrapServers,
                    List.of(config.rowsTopic(dataset.collection()), config.deadLetterTopic()), events);
        }
        return new Result(dataset, events, perSecond(events, passthroughNanos), perSecond(events, transformerNanos));
    }

    private void produce(BenchDataset dataset, String topic, int events) throws ExecutionException, InterruptedException {
        DebeziumEventWriter writer = new DebeziumEventWriter(PREFIX, dataset.database(), dataset.collection());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < events; i++) {
                BsonDocument document = dataset.documents().get(i % dataset.documents().size()).clone();
                BsonObjectId id = new BsonObjectId(new ObjectId());
                document.put("_id", id);
                producer.send(new ProducerRecord<>(topic, writer.key(id), writer.create(document, now)));
            }
            producer.flush();
        }
    }

    private void createTopics(List<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var existing = admin.listTopics().names().get();
            admin.createTopics(topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        }
    }

    private static double perSecond(int events, long nanos) {
        return events / (nanos / 1e9);
    }
}
