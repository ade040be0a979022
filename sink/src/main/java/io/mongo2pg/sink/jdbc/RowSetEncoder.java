package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.batch.SinkRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonValue;

/**
 * Checks a RowSet against the relational model and encodes its rows as binary COPY rows. A RowSet that does not match its tables
 * (unknown collection, table or column, a row of another document, no root row) is refused with a
 * {@link RejectedRowSetException} rather than half-applied: nothing it carries may be dropped silently.
 */
final class RowSetEncoder {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String DATA_EXCEPTION = "22000";

    private final RelationalModel model;
    /** Per table name, its position in its collection's tables (0 = root) and its column names: looked up per row. */
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<String, Set<String>> columnNames = new HashMap<>();
    private final Map<String, CollectionTables> collections = new HashMap<>();

    RowSetEncoder(RelationalModel model) {
        this.model = model;
        for (CollectionTables tables : model.collections()) {
            collections.put(tables.collection(), tables);
            List<TableDef> all = tables.all();
            for (int i = 0; i < all.size(); i++) {
                positions.put(all.get(i).name(), i);
                columnNames.put(all.get(i).name(), Set.copyOf(all.get(i).columnNames()));
            }
        }
    }

    EncodedRowSet encode(SinkRecord.Change change) {
        if (change.copyRows() != null && collections.containsKey(change.collection())) {
            return EncodedRowSet.of(change, collections.get(change.collection()), change.copyRows()); // checked then
        }
        RowSet rowSet = change.rowSet();
        CollectionTables tables = tablesOf(rowSet);
        if (rowSet.id().isNull()) {
            throw reject(rowSet, "the RowSet has no _id", DATA_EXCEPTION);
        }
        TableDef root = tables.root();
        ColumnDef idColumn = root.column(RelationalModel.ID);
        String idLiteral = ValueEncoder.literal(root.name(), idColumn, rowSet.id());
        StringBuilder idField = new StringBuilder(idLiteral.length() + 2);
        ValueEncoder.escape(idField, idLiteral);
        if (rowSet.op() == Operation.DELETE) {
            return EncodedRowSet.delete(change, tables, idField.toString(), idLiteral);
        }
        int dependentCount = tables.dependents().size();
        CopyBinaryBuffer[] lines = new CopyBinaryBuffer[dependentCount + 1];
        int[] rows = new int[dependentCount + 1];
        for (Row row : rowSet.rows()) {
            int position = positionOf(rowSet, tables, row);
            if (position == 0 && rows[0] > 0) {
                throw reject(rowSet, "it has more than one row for root table '" + root.name() + "'", DATA_EXCEPTION);
            }
            requireOwnId(rowSet, row, position == 0 ? RelationalModel.ID : RelationalModel.ROOT_ID);
            if (lines[position] == null) {
                lines[position] = new CopyBinaryBuffer(position == 0 ? 512 : 64);
            }
            line(lines[position], rowSet, position == 0 ? root : tables.dependents().get(position - 1), row);
            rows[position]++;
        }
        if (rows[0] == 0) {
            throw reject(rowSet, "an UPSERT needs a row for root table '" + root.name() + "'", DATA_EXCEPTION);
        }
        byte[][] data = new byte[dependentCount + 1][];
        for (int i = 0; i < data.length; i++) {
            data[i] = lines[i] == null ? EncodedRowSet.NO_DATA : lines[i].toByteArray();
        }
        return new EncodedRowSet(change, tables, idField.toString(), idLiteral, data, rows);
    }

    private CollectionTables tablesOf(RowSet rowSet) {
        CollectionTables tables = collections.get(rowSet.collection());
        if (tables == null) {
            throw reject(rowSet, "collection '" + rowSet.collection() + "' is not in the mapping; mapped: "
                    + model.mapping().collectionNames(), UNDEFINED_TABLE);
        }
        return tables;
    }

    /** The row's table as its position in the collection's tables: 0 for the root, i for dependent i - 1. */
    private int positionOf(RowSet rowSet, CollectionTables tables, Row row) {
        Integer position = positions.get(row.table());
        boolean ours = position != null && position <= tables.dependents().size()
                && (position == 0 ? tables.root() : tables.dependents().get(position - 1)).name().equals(row.table());
        if (!ours) {
            throw reject(rowSet, "it has a row for table '" + row.table() + "', which is not one of "
                    + "the collection's tables " + tables.all().stream().map(TableDef::name).toList(), UNDEFINED_TABLE);
        }
        return position;
    }

    /** Appends the row as one binary COPY row, in the table's column order. */
    private void line(CopyBinaryBuffer line, RowSet rowSet, TableDef table, Row row) {
        List<ColumnDef> columns = table.columns();
        line.row(columns.size());
        int present = 0;
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            BsonValue value = row.get(column.name());
            if (value != null) {
                present++;
            }
            if (column.notNull() && (value == null || value.isNull())) {
                throw reject(rowSet, "its row for table '" + table.name() + "' has no value for key column '"
                        + column.name() + "'", DATA_EXCEPTION);
            }
            ValueEncoder.write(line, table.name(), column, value);
        }
        if (present != row.values().size()) {
            rejectUnknownColumn(rowSet, table, row); // a column the table lacks: counted, named only when it happens
        }
    }

    private void rejectUnknownColumn(RowSet rowSet, TableDef table, Row row) {
        Set<String> known = columnNames.get(table.name());
        for (String column : row.values().keySet()) {
            if (!known.contains(column)) {
                throw reject(rowSet, "its row for table '" + table.name() + "' has column '" + column
                        + "', which the table does not have; columns: " + table.columnNames(), UNDEFINED_COLUMN);
            }
        }
    }

    private static void requireOwnId(RowSet rowSet, Row row, String idColumn) {
        BsonValue id = row.get(idColumn);
        if (!rowSet.id().equals(id)) {
            throw reject(rowSet, "its row for table '" + row.table() + "' has " + idColumn + " "
                    + (id == null ? "(missing)" : ExtendedJson.canonical(id)) + ", not the RowSet's _id", DATA_EXCEPTION);
        }
    }

    private static RejectedRowSetException reject(RowSet rowSet, String reason, String sqlState) {
        return new RejectedRowSetException("Invalid RowSet for collection '" + rowSet.collection() + "' _id "
                + ExtendedJson.canonical(rowSet.id()) + ": " + reason, sqlState);
    }
}
