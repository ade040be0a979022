package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.row.RowSet;

/**
 * What the change-event processor forwards, with the partition of the change event it came from, so that the sink
 * node can write it to the same partition number (see {@link SourcePartitioner}).
 */
sealed interface Output {
    int sourcePartition();

    /** A RowSet for the rows topic; serialized by the sink node, which knows the topic (schema registries need it). */
    record Rows(RowSet rowSet, int sourcePartition) implements Output {
    }

    /** The original record value, unchanged, for the dead-letter topic. */
    record DeadLetter(byte[] value, int sourcePartition) implements Output {
    }
}
