package io.mongo2pg.cli.lag;

import java.util.List;

/**
 * The lag of one consumer group over the topics it reads.
 *
 * @param role {@code transformer} or {@code sink}
 * @param missingTopics topics the group should read that do not exist yet
 */
public record GroupLag(String role, String group, List<PartitionLag> partitions, List<String> missingTopics) {
    public GroupLag {
        partitions = List.copyOf(partitions);
        missingTopics = List.copyOf(missingTopics);
    }

    public long totalLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }
}
