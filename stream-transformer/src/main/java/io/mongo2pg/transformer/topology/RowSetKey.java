package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.value.ExtendedJson;
import java.nio.charset.StandardCharsets;
import org.bson.BsonValue;

/**
 * The record key of a RowSet, byte for byte what {@code RowSetCodec.encodeKey} writes ({@code {"_id": <_id as
 * canonical Extended JSON>}}), written from the {@code _id}'s text without building a document around it.
 */
final class RowSetKey {
    private RowSetKey() {
    }

    static byte[] encode(BsonValue id) {
        return ("{\"_id\": " + ExtendedJson.canonical(id) + "}").getBytes(StandardCharsets.UTF_8);
    }
}
