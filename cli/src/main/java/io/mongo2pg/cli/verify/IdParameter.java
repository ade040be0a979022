package io.mongo2pg.cli.verify;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonValue;

/**
 * A MongoDB {@code _id} as PostgreSQL's text input for the id column, to look documents up by a bound
 * {@code text[]} cast to the column's type. Empty when the id cannot be in that column (another BSON type).
 */
final class IdParameter {
    private IdParameter() {
    }

    static Optional<String> text(ColumnType idType, BsonValue id) {
        if (id.isNull() || !idType.accepts(id)) {
            return Optional.empty();
        }
        return Optional.of(switch (idType) {
            case OBJECTID -> id.asObjectId().getValue().toHexString();
            case TEXT -> id.asString().getValue();
            case INTEGER -> Integer.toString(id.asInt32().getValue());
            case BIGINT -> Long.toString(id.asInt64().getValue());
            case DOUBLE -> Double.toString(id.asDouble().getValue());
            case NUMERIC -> id.asDecimal128().getValue().toString();
            case BOOLEAN -> Boolean.toString(id.asBoolean().getValue());
            case UUID -> uuid(id.asBinary().getData());
            case JSONB -> ExtendedJson.canonical(id);
            default -> throw new IllegalArgumentException("verify cannot look documents up by an _id of column type "
                    + idType.yamlName() + "; map id as objectid, text, integer, bigint, uuid or jsonb");
        });
    }

    private static String uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /** The key both sides are matched by: the canonical Extended JSON of the id. */
    static String key(BsonValue id) {
        return ExtendedJson.canonical(id);
    }
}
