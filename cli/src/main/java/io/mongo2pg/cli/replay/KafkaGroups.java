package io.mongo2pg.cli.replay;

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
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The Admin operations replay needs: who is in a group, which partitions topics have, moving a group's offsets. */
final class KafkaGroups {
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    KafkaGroups(Admin admin) {
        this.admin = admin;
    }

    Admin admin() {
        return admin;
    }

    /** @throws IllegalStateException naming the members and what to stop when the group has any */
    void requireInactive(String group, String role, String stopHint)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                .get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> members = description.members().stream().map(MemberDescription::clientId).sorted().toList();
        if (!members.isEmpty()) {
            throw new IllegalStateException("The " + role + "'s consumer group '" + group + "' has " + members.size()
                    + " active member(s) " + members + " (state " + description.groupState() + "). Replay moves its "
                    + "position, which only works while nothing consumes: " + stopHint + ", then run replay again.");
        }
    }

    /** Every partition of {@code topics} that exist, in order; the missing topics are reported in {@code missing}. */
    List<TopicPartition> partitions(List<String> topics, List<String> missing)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> present = topics.stream().filter(existing::contains).toList();
        topics.stream().filter(t -> !existing.contains(t)).forEach(missing::add);
        List<TopicPartition> partitions = new ArrayList<>();
        if (!present.isEmpty()) {
            admin.describeTopics(present).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    /** Kafka refuses this for a group with members, a second guard against a consumer that joined meanwhile. */
    void moveOffsets(String group, Map<TopicPartition, Long> offsets)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Kafka Streams' internal topics of an application: its stores' changelogs and repartition topics. */
    List<String> internalTopics(String applicationId) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                .sorted().toList();
    }

    void deleteTopics(List<String> topics) throws ExecutionException, InterruptedException, TimeoutException {
        if (!topics.isEmpty()) {
            admin.deleteTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The last stable offset of each partition: what a read_committed consumer can reach now. */
    Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        return ReplayTarget.latest(admin, partitions);
    }
}
