package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.TextCheck;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.EnvelopeException;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns the change events of one collection into RowSets: an UPSERT with the document's rows for a read, create
 * or update, a DELETE for a delete. Pure: no I/O, no state.
 */
final class RowSetMapper {
    private final CollectionMapping collection;
    private final String database;
    private final Normalizer normalizer;

    RowSetMapper(Mapping mapping, String collection, String database) {
        this.collection = mapping.collection(collection).orElseThrow(() -> new IllegalArgumentException(
                "Collection '" + collection + "' is not in the mapping; mapped: " + mapping.collectionNames()));
        this.database = database;
        this.normalizer = new Normalizer(mapping);
    }

    /**
     * The {@code _id} the event's RowSet is keyed by: the key's {@code _id}, so that every change of one document
     * (deletes included, which carry no document) gets the same key.
     *
     * @throws EnvelopeException when the event belongs to another collection or database
     */
    BsonValue key(ChangeEvent event) {
        requireOwnCollection(event);
        return alignedId(event.id());
    }

    /** A key's {@code _id} with the BSON type the mapping declares for the collection's ids. */
    BsonValue alignedId(BsonValue keyId) {
        return DocumentIds.align(keyId, collection.idType());
    }

    RowSet delete(ChangeEvent event) {
        return RowSet.delete(collection.collection(), key(event), event.source());
    }

    /**
     * The UPSERT of {@code document}, the state of the event's document after the change.
     *
     * @throws DocumentMappingException when the document does not fit the mapping
     */
    RowSet upsert(ChangeEvent event, BsonDocument document) {
        BsonValue key = key(event);
        // The event's knowledge of its strings holds for its own document, not for one a delta was applied to.
        TextCheck check = document == event.after() ? event.afterText() : TextCheck.REQUIRED;
        RowSet upsert = normalizer.upsert(collection.collection(), document, event.source(), check);
        if (!DocumentIds.sameDocument(key, upsert.id())) {
            throw new DocumentMappingException(collection.collection(), ExtendedJson.canonical(key), "_id",
                    "the record key has _id " + ExtendedJson.canonical(key) + " but the document has _id "
                            + ExtendedJson.canonical(upsert.id()));
        }
        return upsert;
    }

    private void requireOwnCollection(ChangeEvent event) {
        if (!event.collection().equals(collection.collection()) || !event.db().equals(database)) {
            throw new EnvelopeException("The event is for collection '" + event.db() + "." + event.collection()
                    + "' but arrived on the change topic of '" + database + "." + collection.collection()
                    + "'; check the connector's topic naming and routing", ExtendedJson.canonical(event.id()), null);
        }
    }
}
