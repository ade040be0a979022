package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.model.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What a RowSet schema written by {@link RowSetSchemas} holds, in its binary order, for readers that decode Avro
 * straight into their own form instead of through {@link RowSetAvroConverter}: the header fields
 * ({@code collection} string, {@code op} enum UPSERT|DELETE, {@code id} string, {@code source} union null|record of
 * collection string, ts_ms long, ord int, snapshot boolean, txn union null|string), then per table an array of rows
 * whose columns are each a union of null and the column type's Avro schema ({@link ColumnValues#schema}).
 *
 * @param tables the table fields in the schema's order
 */
public record RowSetLayout(List<TableLayout> tables) {
    public RowSetLayout {
        tables = List.copyOf(tables);
    }

    /** A table's field: its rows' columns in the schema's order. */
    public record TableLayout(String table, List<ColumnLayout> columns) {
        public TableLayout {
            columns = List.copyOf(columns);
        }
    }

    /** A column of a table's rows, with the column type its Avro schema encodes. */
    public record ColumnLayout(String column, ColumnType type) {
    }

    /**
     * The layout of {@code writer}, or empty when the schema is not exactly of the shape {@link RowSetSchemas}
     * generates (a reader then falls back to the generic decoding, which handles any schema it can resolve).
     */
    public static Optional<RowSetLayout> of(Schema writer) {
        Schema expectedHeader = RowSetSchemas.header();
        List<Schema.Field> fields = writer.getType() == Schema.Type.RECORD ? writer.getFields() : List.of();
        int headerSize = expectedHeader.getFields().size();
        if (fields.size() < headerSize) {
            return Optional.empty();
        }
        for (int i = 0; i < headerSize; i++) {
            Schema.Field expected = expectedHeader.getFields().get(i);
            if (!fields.get(i).name().equals(expected.name()) || !fields.get(i).schema().equals(expected.schema())) {
                return Optional.empty();
            }
        }
        List<TableLayout> tables = new ArrayList<>();
        for (Schema.Field field : fields.subList(headerSize, fields.size())) {
            Optional<TableLayout> table = table(field);
            if (table.isEmpty()) {
                return Optional.empty();
            }
            tables.add(table.get());
        }
        return Optional.of(new RowSetLayout(tables));
    }

    private static Optional<TableLayout> table(Schema.Field field) {
        String table = field.getProp(AvroNames.TABLE_PROPERTY);
        if (table == null || field.schema().getType() != Schema.Type.ARRAY
                || field.schema().getElementType().getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        List<ColumnLayout> columns = new ArrayList<>();
        for (Schema.Field column : field.schema().getElementType().getFields()) {
            Optional<ColumnLayout> layout = column(column);
            if (layout.isEmpty()) {
                return Optional.empty();
            }
            columns.add(layout.get());
        }
        return Optional.of(new TableLayout(table, columns));
    }

    private static Optional<ColumnLayout> column(Schema.Field field) {
        String column = field.getProp(AvroNames.COLUMN_PROPERTY);
        String typeName = field.getProp(RowSetSchemas.TYPE_PROPERTY);
        Optional<ColumnType> type = typeName == null ? Optional.empty() : ColumnType.find(typeName);
        Schema schema = field.schema();
        if (column == null || type.isEmpty() || schema.getType() != Schema.Type.UNION || schema.getTypes().size() != 2
                || schema.getTypes().get(0).getType() != Schema.Type.NULL
                || !schema.getTypes().get(1).equals(ColumnValues.schema(type.get()))) {
            return Optional.empty();
        }
        return Optional.of(new ColumnLayout(column, type.get()));
    }
}
