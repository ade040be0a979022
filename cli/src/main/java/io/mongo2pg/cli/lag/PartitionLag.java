package io.mongo2pg.cli.lag;

/**
 * One partition of one consumer group.
 *
 * @param committed the offset committed to Kafka, null if the group never committed on this partition
 * @param postgres the sink's next offset stored in {@code mongo2pg.offsets} (its true position; the Kafka commit
 *     follows each PostgreSQL commit), null for the transformer or a partition the sink has not applied yet
 * @param end the last stable offset (what a read_committed consumer can reach)
 * @param lag records (not offsets: transaction markers are no lag) between the group's position and {@code end}; the
 *     position is the PostgreSQL offset when there is one, else the committed offset, else the partition's start
 */
public record PartitionLag(String topic, int partition, Long committed, Long postgres, long end, long lag) {
}
