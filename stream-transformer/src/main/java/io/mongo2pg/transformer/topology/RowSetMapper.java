package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.EnvelopeException;
import io.mongo2pg.transformer.event.Operation;
import java.util.Optional;
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
     * The RowSet for {@code event}, or empty for an update whose document was already deleted when Debezium looked
     * it up ({@code after} is null; the delete event that follows removes the rows).
     *
     * @throws DocumentMappingException when the document does not fit the mapping
     * @throws EnvelopeException when the event belongs to another collection or database
     */
    Optional<KeyedRowSet> map(ChangeEvent event) {
        requireOwnCollection(event);
        BsonValue key = DocumentIds.align(event.id(), collection.idType());
        if (event.operation() == Operation.DELETE) {
            return Optional.of(new KeyedRowSet(key, RowSet.delete(collection.collection(), key, event.source())));
        }
        if (event.after() == null) {
            return Optional.empty();
        }
        RowSet upsert = normalizer.upsert(collection.collection(), event.after(), event.source());
        if (!DocumentIds.sameDocument(key, upsert.id())) {
            throw new DocumentMappingException(collection.collection(), ExtendedJson.canonical(key), "_id",
                    "the record key has _id " + ExtendedJson.canonical(key) + " but the document in 'after' has _id "
                            + ExtendedJson.canonical(upsert.id()));
        }
        return Optional.of(new KeyedRowSet(key, upsert));
    }

    private void requireOwnCollection(ChangeEvent event) {
        if (!event.collection().equals(collection.collection()) || !event.db().equals(database)) {
            throw new EnvelopeException("The event is for collection '" + event.db() + "." + event.collection()
                    + "' but arrived on the change topic of '" + database + "." + collection.collection()
                    + "'; check the connector's topic naming and routing", ExtendedJson.canonical(event.id()), null);
        }
    }
}
