package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.Operation;
import io.mongo2pg.transformer.state.AmbiguousPathException;
import io.mongo2pg.transformer.state.DocumentStore;
import io.mongo2pg.transformer.state.UpdateApplier;
import io.mongo2pg.transformer.state.UpdateConflictException;
import org.bson.BsonDocument;

/**
 * Finds the document after a read, create or update, and keeps the {@link DocumentStore} (where there is one) in
 * step with MongoDB: a full document ({@code after}) replaces the stored one; a delta ({@code updateDescription}
 * without {@code after}) is applied to the stored document, or to the pre-image when the store does not have it.
 * The store holds what MongoDB holds, whether or not the mapping can place it, so a later change of a document
 * that was once unmappable still applies to the right state.
 */
final class ChangeApplier {
    private final String database;
    private final String collection;
    private final CaptureMode captureMode;

    ChangeApplier(String database, String collection, CaptureMode captureMode) {
        this.database = database;
        this.collection = collection;
        this.captureMode = captureMode;
    }

    /**
     * The document after a read, create or update, now also in the store; null for an update of a document that was
     * deleted before Debezium looked it up (full-document capture; the delete that follows removes its rows).
     *
     * @throws DocumentStateException when a delta cannot be applied; the document is then dropped from the store,
     *     so that later deltas are dead-lettered too instead of producing wrong rows
     */
    BsonDocument documentAfter(ChangeEvent event, byte[] key, DocumentStore store) {
        if (event.operation() == Operation.DELETE) {
            throw new IllegalArgumentException("A delete has no document after it");
        }
        BsonDocument document = event.after() != null ? event.after() : applyDelta(event, key, store);
        if (document != null) {
            store.put(key, document);
        }
        return document;
    }

    private BsonDocument applyDelta(ChangeEvent event, byte[] key, DocumentStore store) {
        BsonDocument base = store.get(key);
        if (base == null) {
            base = event.before();
        }
        if (event.updateDescription() == null || base == null) {
            if (captureMode.fullDocuments()) {
                return null;
            }
            throw unknownDocument(event);
        }
        try {
            return UpdateApplier.apply(base, event.updateDescription());
        } catch (AmbiguousPathException e) {
            store.delete(key);
            throw new DocumentStateException(e.getMessage() + ". The transformer has forgotten the document, since "
                    + "applying the change to the wrong field would give wrong rows. " + recovery() + " If the "
                    + "collection keeps field names with dots, set the connector's capture.mode to "
                    + "change_streams_update_full so that updates carry the whole document.", id(event),
                    e.fieldPath(), e);
        } catch (UpdateConflictException e) {
            store.delete(key);
            throw new DocumentStateException(e.getMessage() + ". The transformer's copy of the document is not the "
                    + "one MongoDB updated, so a change was missed; it has forgotten the document. " + recovery(),
                    id(event), e.fieldPath(), e);
        }
    }

    private DocumentStateException unknownDocument(ChangeEvent event) {
        String what = event.updateDescription() == null ? "carries neither the document ('after') nor an "
                + "updateDescription" : "carries only the changed fields (capture.mode " + captureMode.debeziumValue()
                + ") and the transformer has no copy of the document to apply them to (it never saw a snapshot read "
                + "or insert of it, or forgot it after a missed change)";
        return new DocumentStateException("The update of _id " + id(event) + " in collection '" + collection + "' "
                + what + ". " + recovery(), id(event), null, null);
    }

    private String recovery() {
        return "To recover, run an incremental snapshot of the collection (send Debezium the signal "
                + "'execute-snapshot' with data-collections [\"" + database + "." + collection + "\"] and type "
                + "'incremental'); its reads give the transformer the full document again, and the dead-lettered "
                + "changes are superseded by it.";
    }

    private static String id(ChangeEvent event) {
        return ExtendedJson.canonical(event.id());
    }
}
