package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.CanonicalJsonBytes;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;

/**
 * How the RowSets of one collection schema become Avro records, with everything the schema says looked up once
 * (field positions, each column's name and type from the field properties) instead of per value: encoding is on
 * the transformer's path for every change. Immutable, thread-safe.
 */
final class RowSetEncoding {
    /** collection, op, id, source; the tables follow. */
    private static final int HEADER_FIELDS = 4;
    private final Schema schema;
    private final Schema.Field collection;
    private final Schema.Field op;
    private final Schema.Field id;
    private final Schema.Field source;
    private final Schema sourceSchema;
    private final Map<String, GenericData.EnumSymbol> operations = new HashMap<>();
    private final Map<String, TableEncoding> tables = new HashMap<>();

    /** The tables in the order of their fields in the RowSet record, for writing. */
    private final List<TableEncoding> tablesInOrder = new ArrayList<>();

    /** Where a table's rows go in the RowSet record, and its columns in the row record's order. */
    private record TableEncoding(int field, Schema rowSchema, String[] columns, ColumnType[] types) {
        GenericRecord encode(Row row) {
            GenericRecord record = new GenericData.Record(rowSchema);
            for (int i = 0; i < columns.length; i++) {
                record.put(i, ColumnValues.toAvro(types[i], row.get(columns[i])));
            }
            return record;
        }

        void write(Row row, Encoder out, CanonicalJsonBytes json) throws IOException {
            for (int i = 0; i < columns.length; i++) {
                ColumnValues.write(types[i], row.get(columns[i]), out, json);
            }
        }
    }

    RowSetEncoding(Schema schema) {
        this.schema = schema;
        this.collection = schema.getField("collection");
        this.op = schema.getField("op");
        this.id = schema.getField("id");
        this.source = schema.getField("source");
        this.sourceSchema = source.schema().getTypes().get(1);
        op.schema().getEnumSymbols().forEach(s -> operations.put(s, new GenericData.EnumSymbol(op.schema(), s)));
        for (Schema.Field field : schema.getFields()) {
            String table = field.getProp(AvroNames.TABLE_PROPERTY);
            if (table != null) {
                tables.put(table, table(field));
                tablesInOrder.add(tables.get(table));
            }
        }
        requireLayout();
    }

    /** {@link #write} writes the header fields by position: refuse a schema that has them elsewhere. */
    private void requireLayout() {
        if (collection.pos() != 0 || op.pos() != 1 || id.pos() != 2 || source.pos() != 3
                || tablesInOrder.size() != schema.getFields().size() - HEADER_FIELDS) {
            throw new IllegalArgumentException("Not a RowSet schema of RowSetSchemas: " + schema.getFullName());
        }
    }

    private static TableEncoding table(Schema.Field field) {
        Schema rowSchema = field.schema().getElementType();
        List<Schema.Field> fields = rowSchema.getFields();
        String[] columns = new String[fields.size()];
        ColumnType[] types = new ColumnType[fields.size()];
        for (Schema.Field column : fields) {
            columns[column.pos()] = column.getProp(AvroNames.COLUMN_PROPERTY);
            types[column.pos()] = ColumnType.parse(column.getProp("mongo2pg.type"));
        }
        return new TableEncoding(field.pos(), rowSchema, columns, types);
    }

    GenericRecord toRecord(RowSet rowSet) {
        GenericRecord record = new GenericData.Record(schema);
        record.put(collection.pos(), rowSet.collection());
        record.put(op.pos(), operations.get(rowSet.op().name()));
        record.put(id.pos(), ExtendedJson.canonical(rowSet.id()));
        record.put(source.pos(), source(rowSet.source()));
        tables.values().forEach(t -> record.put(t.field(), new ArrayList<GenericRecord>()));
        for (Row row : rowSet.rows()) {
            TableEncoding table = tables.get(row.table());
            if (table == null) {
                throw unknownTable(rowSet, row);
            }
            @SuppressWarnings("unchecked")
            List<GenericRecord> rows = (List<GenericRecord>) record.get(table.field());
            rows.add(table.encode(row));
        }
        return record;
    }

    /**
     * Writes the RowSet's Avro datum straight to {@code out}: the bytes {@code GenericDatumWriter} writes for
     * {@link #toRecord}, without building the records (a third of the encoding time of a movie's RowSet). jsonb
     * values and the id are written as UTF-8 by {@code json} (reused), without Strings.
     */
    void write(RowSet rowSet, Encoder out, CanonicalJsonBytes json) throws IOException {
        List<List<Row>> rowsByTable = rowsByTable(rowSet);
        out.writeString(rowSet.collection());
        out.writeEnum(op.schema().getEnumOrdinal(rowSet.op().name()));
        ColumnValues.writeCanonical(rowSet.id(), out, json);
        writeSource(rowSet.source(), out);
        for (int t = 0; t < tablesInOrder.size(); t++) {
            List<Row> rows = rowsByTable.get(t);
            out.writeArrayStart();
            out.setItemCount(rows.size());
            for (Row row : rows) {
                out.startItem();
                tablesInOrder.get(t).write(row, out, json);
            }
            out.writeArrayEnd();
        }
    }

    private List<List<Row>> rowsByTable(RowSet rowSet) {
        List<List<Row>> rowsByTable = new ArrayList<>(tablesInOrder.size());
        tablesInOrder.forEach(t -> rowsByTable.add(new ArrayList<>()));
        for (Row row : rowSet.rows()) {
            TableEncoding table = tables.get(row.table());
            if (table == null) {
                throw unknownTable(rowSet, row);
            }
            rowsByTable.get(table.field() - HEADER_FIELDS).add(row);
        }
        return rowsByTable;
    }

    private static void writeSource(SourcePosition position, Encoder out) throws IOException {
        if (position == null) {
            out.writeIndex(0);
            return;
        }
        out.writeIndex(1);
        out.writeString(position.collection());
        out.writeLong(position.tsMs());
        out.writeInt(position.ord());
        out.writeBoolean(position.snapshot());
        if (position.transactionId() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(position.transactionId());
        }
    }

    private static IllegalArgumentException unknownTable(RowSet rowSet, Row row) {
        return new IllegalArgumentException("The RowSet of collection '" + rowSet.collection()
                + "' has a row for table '" + row.table() + "', which its mapping does not have");
    }

    private GenericRecord source(SourcePosition position) {
        if (position == null) {
            return null;
        }
        GenericRecord record = new GenericData.Record(sourceSchema);
        record.put("collection", position.collection());
        record.put("ts_ms", position.tsMs());
        record.put("ord", position.ord());
        record.put("snapshot", position.snapshot());
        record.put("txn", position.transactionId());
        return record;
    }
}
