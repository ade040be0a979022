package io.mongo2pg.transformer.event;

import io.mongo2pg.mapping.row.SourcePosition;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One decoded Debezium MongoDB change event.
 *
 * @param id the document's {@code _id} as the record key carries it (present for every operation, deletes included)
 * @param after the document after the change, or null: always null for {@link Operation#DELETE}, and null for an
 *     {@link Operation#UPDATE} whose document was deleted before Debezium looked it up
 * @param source where the change happened in MongoDB, from Debezium's {@code source} block
 */
public record ChangeEvent(Operation operation, String collection, String db, BsonValue id, BsonDocument after,
                          SourcePosition source) {
    public ChangeEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
    }
}
