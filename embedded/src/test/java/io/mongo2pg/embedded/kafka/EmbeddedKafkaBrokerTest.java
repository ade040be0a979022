package io.mongo2pg.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir.resolve("shared"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRoundTripRecordsThroughTheBroker() throws Exception {
        produce(broker, "round-trip", List.of("k1", "k2", "k3"));

        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), "round-trip")) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reader.poll())
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("k1", "value of k1"),
                            org.assertj.core.groups.Tuple.tuple("k2", "value of k2"),
                            org.assertj.core.groups.Tuple.tuple("k3", "value of k3")));
        }
    }

    @Test
    void shouldKeepTopicsRecordsAndCommittedOffsetsWhenRestartedOnTheSameDirectory() throws Exception {
        Path restartDir = dataDir.resolve("restart");
        TopicPartition partition = new TopicPartition("kept", 0);
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(restartDir)) {
            produce(first, "kept", List.of("a", "b"));
            try (Admin admin = admin(first)) {
                admin.alterConsumerGroupOffsets("kept-group", Map.of(partition, new OffsetAndMetadata(1))).all().get();
            }
        }

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(restartDir);
             TopicReader reader = new TopicReader(second.bootstrapServers(), "kept");
             Admin admin = admin(second)) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reader.poll())
                    .extracting(ConsumerRecord::key).containsExactly("a", "b"));
            assertThat(admin.listConsumerGroupOffsets("kept-group").partitionsToOffsetAndMetadata().get())
                    .containsEntry(partition, new OffsetAndMetadata(1));
        }
    }

    private static void produce(EmbeddedKafkaBroker target, String topic, List<String> keys)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(target)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(topic, key, "value of " + key)).get();
            }
        }
    }

    private static Admin admin(EmbeddedKafkaBroker target) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()));
    }
}
