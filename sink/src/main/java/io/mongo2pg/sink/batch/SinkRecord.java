package io.mongo2pg.sink.batch;

import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.Objects;
import java.util.function.Supplier;

/** One consumed Kafka record, as the writer sees it: a change to apply, a record already rejected, or a tombstone. */
public sealed interface SinkRecord permits SinkRecord.Change, SinkRecord.Rejected, SinkRecord.Tombstone {
    RecordPosition position();

    static SinkRecord change(String topic, int partition, long offset, RowSet rowSet) {
        return new Change(new RecordPosition(topic, partition, offset), rowSet);
    }

    /**
     * A RowSet to apply. Either decoded in full ({@link #Change(RecordPosition, RowSet)}), or read straight into COPY
     * text ({@link #preEncoded}): then only its header is at hand and the full RowSet is decoded from the record
     * only if something asks for it (a dead letter's payload). Two changes are equal when their positions and
     * RowSets are.
     */
    public static final class Change implements SinkRecord {
        private final RecordPosition position;
        private final String collection;
        private final Operation op;
        private final SourcePosition source;
        private final CopyRows copyRows;
        private final Supplier<RowSet> decode;
        private RowSet rowSet;
        private String idJson;

        public Change(RecordPosition position, RowSet rowSet) {
            this(position, Objects.requireNonNull(rowSet, "rowSet").collection(), rowSet.op(), null, rowSet.source(),
                    null, () -> rowSet);
            this.rowSet = rowSet;
        }

        private Change(RecordPosition position, String collection, Operation op, String idJson, SourcePosition source,
                       CopyRows copyRows, Supplier<RowSet> decode) {
            this.position = Objects.requireNonNull(position, "position");
            this.collection = Objects.requireNonNull(collection, "collection");
            this.op = Objects.requireNonNull(op, "op");
            this.idJson = idJson;
            this.source = source;
            this.copyRows = copyRows;
            this.decode = decode;
        }

        /**
         * A change whose rows are already COPY text.
         *
         * @param idJson the {@code _id} as canonical Extended JSON
         * @param decode decodes the full RowSet from the record, when needed
         */
        public static Change preEncoded(RecordPosition position, String collection, Operation op, String idJson,
                                        SourcePosition source, CopyRows copyRows, Supplier<RowSet> decode) {
            return new Change(position, collection, op, Objects.requireNonNull(idJson, "idJson"), source,
                    Objects.requireNonNull(copyRows, "copyRows"), Objects.requireNonNull(decode, "decode"));
        }

        @Override
        public RecordPosition position() {
            return position;
        }

        public String collection() {
            return collection;
        }

        public Operation op() {
            return op;
        }

        /** The source position of the change, or null. */
        public SourcePosition source() {
            return source;
        }

        /** The {@code _id} as canonical Extended JSON: with the collection, the document's identity. */
        public String idJson() {
            if (idJson == null) {
                idJson = ExtendedJson.canonical(rowSet().id());
            }
            return idJson;
        }

        /** The rows as COPY text when the change was read straight into it, else null. */
        public CopyRows copyRows() {
            return copyRows;
        }

        /** The full RowSet (decoded now if the change was pre-encoded). */
        public RowSet rowSet() {
            if (rowSet == null) {
                rowSet = decode.get();
            }
            return rowSet;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Change that && position.equals(that.position) && rowSet().equals(that.rowSet());
        }

        @Override
        public int hashCode() {
            return Objects.hash(position, rowSet());
        }

        @Override
        public String toString() {
            return "Change[" + position + ", " + collection + " " + op + " " + idJson() + "]";
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
