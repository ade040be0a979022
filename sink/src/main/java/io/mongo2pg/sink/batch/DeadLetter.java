package io.mongo2pg.sink.batch;

import java.util.Objects;

/**
 * A record that could not be applied, with why. Written to {@code mongo2pg.dead_letters} in the same
 * transaction as the rest of its batch and the offsets, so it is never lost and never applied twice.
 *
 * @param collection the collection, when known
 * @param documentId the document's {@code _id} as canonical Extended JSON, when known
 * @param sqlstate the PostgreSQL SQLSTATE when PostgreSQL refused it (or the equivalent state of a value the
 *     sink refused before sending it); null for records that could not be decoded
 * @param payload the record value as text (the RowSet as canonical Extended JSON), never dropped
 */
public record DeadLetter(RecordPosition position, String collection, String documentId, String reason,
                         String sqlstate, String payload) {
    public DeadLetter {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
    }
}
