package io.mongo2pg.bench.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes change events the way the Debezium MongoDB connector 3.x does with the schemaless JsonConverter and the
 * default {@code json.serialization.mode=legacy}: key {@code {"id": "<_id as Extended JSON>"}}, {@code after} a
 * string of strict v1 Extended JSON.
 */
final class DebeziumEventWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings STRICT = JsonWriterSettings.builder().outputMode(JsonMode.STRICT).build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final String prefix;
    private final String database;
    private final String collection;

    DebeziumEventWriter(String prefix, String database, String collection) {
        this.prefix = prefix;
        this.database = database;
        this.collection = collection;
    }

    byte[] key(BsonObjectId id) {
        String relaxedId = new BsonDocument("v", id).toJson(RELAXED);
        return write(JSON.createObjectNode().put("id", relaxedId.substring(relaxedId.indexOf(':') + 1,
                relaxedId.length() - 1).trim()));
    }

    @SuppressWarnings("deprecation") // STRICT is what Debezium's legacy mode writes for before/after
    byte[] create(BsonDocument document, long tsMs) {
        ObjectNode value = JSON.createObjectNode();
        value.putNull("before");
        value.put("after", document.toJson(STRICT));
        value.putNull("updateDescription");
        ObjectNode source = value.putObject("source");
        source.put("version", "3.6.1.Final").put("connector", "mongodb").put("name", prefix).put("ts_ms", tsMs)
                .put("snapshot", "false").put("db", database).put("collection", collection).put("ord", 1)
                .putNull("lsid");
        source.putNull("txnNumber");
        value.put("op", "c");
        value.put("ts_ms", tsMs + 5);
        value.putNull("transaction");
        return write(value);
    }

    private static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
