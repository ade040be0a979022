package io.mongo2pg.transformer.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Writes each output record to the partition number its change event was read from. The output key (the canonical
 * {@code {"_id": ...}}) differs from Debezium's key, so hashing it would place a document's RowSets on another
 * partition than its change events: this keeps the two topics aligned, and since every change of a document comes
 * from one input partition, all its RowSets go to one output partition in input order. If the output topic has
 * fewer partitions than the input, {@code partition % count} still sends one input partition to one output partition.
 */
final class SourcePartitioner implements StreamPartitioner<byte[], Output> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, Output value, int numPartitions) {
        return Optional.of(Set.of(value.sourcePartition() % numPartitions));
    }
}
