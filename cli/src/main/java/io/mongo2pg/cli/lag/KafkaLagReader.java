package io.mongo2pg.cli.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Committed and end offsets of one consumer group through the Admin API. End offsets are read with read_committed,
 * so the transaction markers the transformer's exactly-once writes leave behind do not show as lag.
 */
final class KafkaLagReader {
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final PendingRecordCounter counter;

    KafkaLagReader(Admin admin, PendingRecordCounter counter) {
        this.admin = admin;
        this.counter = counter;
    }

    /**
     * @param storedPositions positions known from elsewhere (the sink's PostgreSQL offsets); they win over the
     *     committed offsets for the lag
     */
    GroupLag read(String role, String group, List<String> topics, Map<TopicPartition, Long> storedPositions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> present = topics.stream().filter(existing::contains).toList();
        List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
        List<TopicPartition> partitions = partitions(present);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        List<PartitionLag> lags = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata commit = committed.get(tp);
            Long kafka = commit == null ? null : commit.offset();
            Long stored = storedPositions.get(tp);
            long position = stored != null ? stored : kafka != null ? kafka : starts.get(tp);
            lags.add(new PartitionLag(tp.topic(), tp.partition(), kafka, stored, ends.get(tp),
                    counter.count(tp, position, ends.get(tp))));
        }
        return new GroupLag(role, group, lags, missing);
    }

    private List<TopicPartition> partitions(List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            descriptions.get(topic).partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
