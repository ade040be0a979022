package io.mongo2pg.bench.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.List;
import org.bson.BsonValue;

/**
 * The same rows as flat Kafka Connect records (JsonConverter with schemas), one topic per table, as a generic
 * JDBC sink connector needs them: keyed by the table's primary key, jsonb as Debezium's Json type, dates as
 * Connect Timestamps.
 */
final class FlatRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableDef table;
    private final ObjectNode keySchema;
    private final ObjectNode valueSchema;

    FlatRecords(TableDef table) {
        this.table = table;
        this.keySchema = schema(table.columns().stream().filter(c -> table.primaryKey().contains(c.name())).toList());
        this.valueSchema = schema(table.columns());
    }

    byte[] key(Row row) throws Exception {
        return envelope(keySchema, payload(row, table.columns().stream()
                .filter(c -> table.primaryKey().contains(c.name())).toList()));
    }

    byte[] value(Row row) throws Exception {
        return envelope(valueSchema, payload(row, table.columns()));
    }

    private static byte[] envelope(ObjectNode schema, ObjectNode payload) throws Exception {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("schema", schema);
        envelope.set("payload", payload);
        return JSON.writeValueAsBytes(envelope);
    }

    private static ObjectNode payload(Row row, List<ColumnDef> columns) {
        ObjectNode payload = JSON.createObjectNode();
        for (ColumnDef column : columns) {
            BsonValue value = row.get(column.name());
            if (value == null || value.isNull()) {
                payload.putNull(column.name());
            } else {
                putValue(payload, column, value);
            }
        }
        return payload;
    }

    private static void putValue(ObjectNode payload, ColumnDef column, BsonValue value) {
        switch (column.type()) {
            case INTEGER -> payload.put(column.name(), value.asInt32().getValue());
            case BOOLEAN -> payload.put(column.name(), value.asBoolean().getValue());
            case TIMESTAMPTZ -> payload.put(column.name(), value.asDateTime().getValue());
            case OBJECTID -> payload.put(column.name(), value.asObjectId().getValue().toHexString());
            case TEXT -> payload.put(column.name(), value.asString().getValue());
            case TEXT_ARRAY -> {
                ArrayNode array = payload.putArray(column.name());
                value.asArray().forEach(v -> array.add(v.asString().getValue()));
            }
            default -> payload.put(column.name(), ExtendedJson.canonical(value));
        }
    }

    private static ObjectNode schema(List<ColumnDef> columns) {
        ObjectNode schema = JSON.createObjectNode().put("type", "struct").put("optional", false);
        ArrayNode fields = schema.putArray("fields");
        for (ColumnDef column : columns) {
            ObjectNode field = fields.addObject().put("field", column.name()).put("optional", !column.notNull());
            describe(field, column.type());
        }
        return schema;
    }

    private static void describe(ObjectNode field, ColumnType type) {
        switch (type) {
            case INTEGER -> field.put("type", "int32");
            case BOOLEAN -> field.put("type", "boolean");
            case TIMESTAMPTZ -> field.put("type", "int64").put("name", "org.apache.kafka.connect.data.Timestamp").put("version", 1);
            case TEXT_ARRAY -> field.put("type", "array").set("items", JSON.createObjectNode().put("type", "string").put("optional", true));
            case JSONB -> field.put("type", "string").put("name", "io.debezium.data.Json").put("version", 1);
            default -> field.put("type", "string");
        }
    }
}
