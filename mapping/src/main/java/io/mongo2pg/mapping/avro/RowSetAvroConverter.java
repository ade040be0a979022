package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.CanonicalJsonBytes;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.bson.BsonDocument;

/**
 * RowSet to Avro record of its collection's schema and back. Decoding goes by the field properties of the record's
 * own (writer) schema, so a RowSet written with an older or newer mapping decodes to the tables and columns it
 * was written with. Thread-safe.
 */
public final class RowSetAvroConverter {
    private final RowSetSchemas schemas;
    private final Map<String, RowSetEncoding> encodings = new ConcurrentHashMap<>();

    public RowSetAvroConverter(RowSetSchemas schemas) {
        this.schemas = schemas;
    }

    public RowSetSchemas schemas() {
        return schemas;
    }

    public GenericRecord toRecord(RowSet rowSet) {
        return encoding(rowSet.collection()).toRecord(rowSet);
    }

    /** Writes the Avro datum of the RowSet straight to {@code out}: the bytes of {@link #toRecord}'s record. */
    public void write(RowSet rowSet, Encoder out) throws IOException {
        write(rowSet, out, new CanonicalJsonBytes());
    }

    /** {@link #write(RowSet, Encoder)} with a JSON buffer the caller reuses (one per thread). */
    void write(RowSet rowSet, Encoder out, CanonicalJsonBytes json) throws IOException {
        encoding(rowSet.collection()).write(rowSet, out, json);
    }

    private RowSetEncoding encoding(String collection) {
        return encodings.computeIfAbsent(collection, c -> new RowSetEncoding(schemas.forCollection(c)));
    }

    public RowSet fromRecord(GenericRecord record) {
        List<Row> rows = new ArrayList<>();
        for (Schema.Field field : tableFields(record.getSchema())) {
            String table = field.getProp(AvroNames.TABLE_PROPERTY);
            for (Object element : (List<?>) record.get(field.pos())) {
                rows.add(new Row(table, values((GenericRecord) element)));
            }
        }
        return new RowSet(record.get("collection").toString(), Operation.valueOf(record.get("op").toString()),
                ExtendedJson.parseValue(record.get("id").toString()), source((GenericRecord) record.get("source")),
                rows);
    }

    private static BsonDocument values(GenericRecord row) {
        BsonDocument values = new BsonDocument();
        for (Schema.Field field : row.getSchema().getFields()) {
            values.put(field.getProp(AvroNames.COLUMN_PROPERTY), ColumnValues.fromAvro(type(field), row.get(field.pos())));
        }
        return values;
    }

    private static ColumnType type(Schema.Field field) {
        return ColumnType.parse(field.getProp("mongo2pg.type"));
    }

    private static List<Schema.Field> tableFields(Schema schema) {
        return schema.getFields().stream().filter(f -> f.getProp(AvroNames.TABLE_PROPERTY) != null).toList();
    }

    private static SourcePosition source(GenericRecord record) {
        if (record == null) {
            return null;
        }
        Object txn = record.get("txn");
        return new SourcePosition(record.get("collection").toString(), (Long) record.get("ts_ms"),
                (Integer) record.get("ord"), (Boolean) record.get("snapshot"), txn == null ? null : txn.toString());
    }
}
