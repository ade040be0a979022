package io.mongo2pg.sink.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the last change per document (collection, {@code _id}) of a batch. An UPSERT carries the complete rows
 * of its document and a DELETE removes all of them, so the last change alone gives the final state. Survivors
 * keep the order of their last occurrence.
 */
public final class RowSetDeduplicator {
    private RowSetDeduplicator() {
    }

    /** The outcome: the changes to apply and how many were superseded by a later one. */
    public record Deduplicated(List<SinkRecord.Change> changes, int superseded) {
        public Deduplicated {
            changes = List.copyOf(changes);
        }
    }

    public static Deduplicated lastPerDocument(List<SinkRecord.Change> changes) {
        Map<DocumentKey, SinkRecord.Change> last = new LinkedHashMap<>();
        for (SinkRecord.Change change : changes) {
            DocumentKey key = new DocumentKey(change.collection(), change.idJson());
            last.remove(key); // re-inserting moves it to the position of its last occurrence
            last.put(key, change);
        }
        return new Deduplicated(new ArrayList<>(last.values()), changes.size() - last.size());
    }

    /**
     * A document identity. Canonical Extended JSON keeps the BSON type (an Int32 1 is not an Int64 1) and the field
     * order of a document {@code _id}, so it compares like MongoDB's {@code _id}s do.
     */
    record DocumentKey(String collection, String idJson) {
    }
}
