package io.mongo2pg.transformer.event;

import io.mongo2pg.mapping.normalize.TextCheck;
import io.mongo2pg.mapping.row.SourcePosition;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One decoded Debezium MongoDB change event.
 *
 * @param id the document's {@code _id} as the record key carries it (present for every operation, deletes included)
 * @param before the document before the change, only with a {@code *_with_pre_image} capture mode; else null
 * @param after the document after the change, or null: always null for {@link Operation#DELETE}; for an
 *     {@link Operation#UPDATE} null with capture mode {@code change_streams} (deltas only) and when the document
 *     was deleted before Debezium looked it up ({@code change_streams_update_full})
 * @param updateDescription what an update changed, or null (not an update, or not reported)
 * @param source where the change happened in MongoDB, from Debezium's {@code source} block
 * @param afterText whether the strings of {@code after} are known to be storable in PostgreSQL ({@link TextCheck})
 */
public record ChangeEvent(Operation operation, String collection, String db, BsonValue id, BsonDocument before,
                          BsonDocument after, UpdateDescription updateDescription, SourcePosition source,
                          TextCheck afterText) {
    public ChangeEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(afterText, "afterText");
    }

    /** An event whose document strings are still to be checked. */
    public ChangeEvent(Operation operation, String collection, String db, BsonValue id, BsonDocument before,
                       BsonDocument after, UpdateDescription updateDescription, SourcePosition source) {
        this(operation, collection, db, id, before, after, updateDescription, source, TextCheck.REQUIRED);
    }

    /** An event without pre-image and update description. */
    public ChangeEvent(Operation operation, String collection, String db, BsonValue id, BsonDocument after,
                       SourcePosition source) {
        this(operation, collection, db, id, null, after, null, source);
    }
}
