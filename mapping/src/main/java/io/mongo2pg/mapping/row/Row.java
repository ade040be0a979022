package io.mongo2pg.mapping.row;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One row for one table: column name to value. Values keep their BSON type (an ObjectId, a Date, a
 * Decimal128, a document for jsonb), so nothing is lost between the transformer and the sink; the sink
 * encodes them for PostgreSQL by the column's type. A column missing from {@code values} is NULL.
 *
 * <p>The document is owned by the row: callers must not modify it after construction.
 */
public record Row(String table, BsonDocument values) {
    public BsonValue get(String column) {
        return values.get(column);
    }
}
