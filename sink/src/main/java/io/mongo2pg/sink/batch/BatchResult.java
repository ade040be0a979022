package io.mongo2pg.sink.batch;

import java.util.List;
import java.util.Map;

/**
 * What one committed batch did.
 *
 * @param applied RowSets written to the tables (after deduplication)
 * @param superseded RowSets replaced by a later change of the same document in the same batch (their effect is
 *     the later one's)
 * @param skipped records already applied by an earlier transaction (offset below the stored next offset), and
 *     tombstones
 * @param deadLetters records written to {@code mongo2pg.dead_letters}
 * @param nextOffsets the next offset to read per {@code topic-partition}, as committed
 */
public record BatchResult(int applied, int superseded, int skipped, List<DeadLetter> deadLetters,
                          Map<PartitionKey, Long> nextOffsets) {
    public BatchResult {
        deadLetters = List.copyOf(deadLetters);
        nextOffsets = Map.copyOf(nextOffsets);
    }

    /** A Kafka topic partition, without depending on the Kafka client in the writer. */
    public record PartitionKey(String topic, int partition) {
        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }
}
