package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.row.RowSet;
import org.bson.BsonValue;

/**
 * A RowSet with the {@code _id} its output record is keyed by: the change event's key {@code _id}, so that every
 * change of one document (deletes included, which carry no document) gets the same key and partition.
 */
record KeyedRowSet(BsonValue key, RowSet rowSet) {
}
