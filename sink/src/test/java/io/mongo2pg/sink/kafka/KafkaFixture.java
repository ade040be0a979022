package io.mongo2pg.sink.kafka;

import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker ({@link EmbeddedKafkaBroker}, KRaft, in this JVM) with an admin client and producers for
 * the sink's tests. Start once per test class; give each test its own topics and consumer group.
 */
final class KafkaFixture implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private KafkaFixture(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static KafkaFixture start(Path dataDir) {
        return new KafkaFixture(EmbeddedKafkaBroker.start(dataDir));
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Creates each topic with its number of partitions, and waits until the broker has them. */
    void createTopics(Map<String, Integer> partitionsByTopic) throws ExecutionException, InterruptedException {
        List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList();
        admin.createTopics(topics).all().get();
    }

    /** An idempotent producer of raw bytes; each send goes to the partition of its key unless one is given. */
    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerProperties());
    }

    /** A producer whose sends are only visible to read_committed consumers once its transaction commits. */
    KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> props = producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }

    /** The offsets the group committed to Kafka, per partition; empty when it never committed. */
    Map<TopicPartition, Long> committedOffsets(String groupId) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }

    /** Sets the group's committed offsets, as {@code kafka-consumer-groups.sh --reset-offsets} does. */
    void resetOffsets(String groupId, Map<TopicPartition, Long> offsets) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, o) -> committed.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(groupId, committed).all().get();
    }

    /** The partitions assigned to the group's members; empty when the group has no member (or does not exist). */
    List<TopicPartition> assignedPartitions(String groupId) throws InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get();
            return group.members().stream().map(MemberDescription::assignment)
                    .flatMap(a -> a.topicPartitions().stream()).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("Cannot describe consumer group " + groupId, e);
        }
    }

    /** The number of members of the group. */
    int members(String groupId) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get().members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("Cannot describe consumer group " + groupId, e);
        }
    }

    /** The log end offset of each partition (transaction markers included), for the partitions that hold records. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> {
            if (info.offset() > 0) {
                ends.put(tp, info.offset());
            }
        });
        return ends;
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            broker.close();
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
