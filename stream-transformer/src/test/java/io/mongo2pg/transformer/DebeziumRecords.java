package io.mongo2pg.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.Operation;
import java.io.UncheckedIOException;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Builds Debezium MongoDB connector records (schemaless JsonConverter, as Debezium 3.x writes them) for one
 * collection: the key {@code {"id": "<_id as relaxed Extended JSON>"}} and the change event value.
 */
public final class DebeziumRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final String prefix;
    private final String db;
    private final String collection;

    public DebeziumRecords(String prefix, String db, String collection) {
        this.prefix = prefix;
        this.db = db;
        this.collection = collection;
    }

    public String topic() {
        return prefix + "." + db + "." + collection;
    }

    public static String key(BsonValue id) {
        try {
            String relaxedId = JSON.readTree(new BsonDocument("_id", id).toJson(RELAXED)).get("_id").toString();
            return JSON.writeValueAsString(JSON.createObjectNode().put("id", relaxedId));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A change event; {@code after} may be null (deletes, updates of since-deleted documents). */
    public String value(Operation op, BsonDocument after, long tsMs, int ord) {
        ObjectNode value = JSON.createObjectNode();
        value.putNull("before");
        value.put("after", after == null ? null : ExtendedJson.canonical(after));
        value.putNull("updateDescription");
        value.set("source", source(op, tsMs, ord));
        value.put("op", op.code());
        value.put("ts_ms", tsMs + 150);
        value.putNull("transaction");
        return write(value);
    }

    /**
     * An update as capture mode {@code change_streams} writes it: no {@code after}, only the
     * {@code updateDescription} (updatedFields as relaxed Extended JSON, as Debezium's default legacy mode does),
     * and the pre-image {@code before} when given.
     */
    public String delta(Delta delta, BsonDocument before, long tsMs, int ord) {
        ObjectNode value = JSON.createObjectNode();
        value.put("before", before == null ? null : ExtendedJson.canonical(before));
        value.putNull("after");
        ObjectNode description = value.putObject("updateDescription");
        if (delta.removed().isEmpty()) {
            description.putNull("removedFields");
        } else {
            delta.removed().forEach(description.putArray("removedFields")::add);
        }
        description.put("updatedFields", delta.updated().toJson(RELAXED));
        if (delta.truncated().isEmpty()) {
            description.putNull("truncatedArrays");
        } else {
            var arrays = description.putArray("truncatedArrays");
            delta.truncated().forEach((field, size) -> arrays.addObject().put("field", field).put("size", size));
        }
        value.set("source", source(Operation.UPDATE, tsMs, ord));
        value.put("op", Operation.UPDATE.code());
        value.put("ts_ms", tsMs + 150);
        value.putNull("transaction");
        return write(value);
    }

    /** What an update operator did, as a change stream reports it. */
    public record Delta(BsonDocument updated, java.util.List<String> removed, java.util.Map<String, Integer> truncated) {
        public static Delta set(BsonDocument updated) {
            return new Delta(updated, java.util.List.of(), java.util.Map.of());
        }

        public static Delta unset(String... paths) {
            return new Delta(new BsonDocument(), java.util.List.of(paths), java.util.Map.of());
        }
    }

    private ObjectNode source(Operation op, long tsMs, int ord) {
        ObjectNode source = JSON.createObjectNode();
        source.put("version", "3.6.1.Final");
        source.put("connector", "mongodb");
        source.put("name", prefix);
        source.put("ts_ms", tsMs);
        source.put("snapshot", op == Operation.READ ? "true" : "false");
        source.put("db", db);
        source.putNull("sequence");
        source.put("ts_us", tsMs * 1000);
        source.put("ts_ns", tsMs * 1_000_000);
        source.put("collection", collection);
        source.put("ord", ord);
        source.putNull("lsid");
        source.putNull("txnNumber");
        source.put("wallTime", tsMs + 5);
        return source;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
