package io.mongo2pg.sink.batch;

import io.mongo2pg.mapping.row.RowSet;
import java.util.Objects;

/** One consumed Kafka record, as the writer sees it: a change to apply, a record already rejected, or a tombstone. */
public sealed interface SinkRecord permits SinkRecord.Change, SinkRecord.Rejected, SinkRecord.Tombstone {
    RecordPosition position();

    static SinkRecord change(String topic, int partition, long offset, RowSet rowSet) {
        return new Change(new RecordPosition(topic, partition, offset), rowSet);
    }

    /** A decoded RowSet to apply. */
    record Change(RecordPosition position, RowSet rowSet) implements SinkRecord {
        public Change {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(rowSet, "rowSet");
        }
    }

    /** A record that cannot be applied at all (e.g. not decodable); it goes straight to the dead letters. */
    record Rejected(DeadLetter deadLetter) implements SinkRecord {
        public Rejected {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public RecordPosition position() {
            return deadLetter.position();
        }
    }

    /** A record with no value (compaction tombstone): nothing to apply, but its offset is consumed. */
    record Tombstone(RecordPosition position) implements SinkRecord {
        public Tombstone {
            Objects.requireNonNull(position, "position");
        }
    }
}
