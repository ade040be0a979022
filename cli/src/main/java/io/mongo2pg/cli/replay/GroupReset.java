package io.mongo2pg.cli.replay;

import io.mongo2pg.cli.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves the transformer's and/or the sink's position while they are stopped. The sink's true position is its rows in
 * {@code mongo2pg.offsets} (it seeks there on every assignment), so those are rewritten, and its Kafka group offsets
 * too for lag tools. The transformer's is its Kafka Streams group; replaying from the beginning also deletes its
 * internal topics and local state, so its document store is rebuilt by the replay instead of answering from the future.
 */
final class GroupReset {
    private final ReplayContext context;
    private final KafkaGroups groups;
    private final PrintWriter out;

    GroupReset(ReplayContext context, KafkaGroups groups, PrintWriter out) {
        this.context = context;
        this.groups = groups;
        this.out = out;
    }

    void sink(List<String> collections, ReplayTarget target)
            throws ExecutionException, InterruptedException, TimeoutException, SQLException {
        String group = context.config().sink().groupId();
        Map<TopicPartition, Long> offsets = target.resolve(groups.admin(), partitions(context.rowTopics(collections)));
        try (Connection connection = Verifier.connect(context.config())) {
            connection.setAutoCommit(false);
            StoredOffsets.setSinkOffsets(connection, context.config().postgres().schema(), offsets);
            connection.commit();
        }
        groups.moveOffsets(group, offsets);
        print("sink", group, target, offsets);
    }

    void transformer(List<String> collections, ReplayTarget target)
            throws ExecutionException, InterruptedException, TimeoutException {
        String group = context.config().transformer().applicationId();
        Map<TopicPartition, Long> offsets = target.resolve(groups.admin(), partitions(context.changeTopics(collections)));
        groups.moveOffsets(group, offsets);
        print("transformer", group, target, offsets);
        if (target.kind() == ReplayTarget.Kind.EARLIEST) {
            List<String> internal = groups.internalTopics(group);
            groups.deleteTopics(internal);
            out.println("  deleted internal topics " + internal + " (the document store is rebuilt by the replay)");
            Path state = context.config().transformer().stateDir().resolve(group);
            if (Files.isDirectory(state)) {
                deleteTree(state);
                out.println("  deleted local state " + state + "; delete " + group + "/ under transformer.stateDir on "
                        + "every other transformer host too");
            }
        }
    }

    private List<TopicPartition> partitions(List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> missing = new ArrayList<>();
        List<TopicPartition> partitions = groups.partitions(topics, missing);
        if (!missing.isEmpty()) {
            out.println("  topics not created yet, nothing to replay there: " + missing);
        }
        return partitions;
    }

    private void print(String role, String group, ReplayTarget target, Map<TopicPartition, Long> offsets) {
        out.println(role + " (" + group + ") moved to " + target + ":");
        offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(e -> out.println("  " + e.getKey().topic() + " [" + e.getKey().partition() + "] -> "
                        + e.getValue()));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the transformer's local state " + root + " (" + e.getMessage()
                    + "); delete it by hand before starting the transformer", e);
        }
    }
}
