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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonValue;

/**
 * Checks a RowSet against the relational model and encodes its values. A RowSet that does not match its tables
 * (unknown collection, table or column, a row of another document, no root row) is refused with a
 * {@link RejectedRowSetException} rather than half-applied: nothing it carries may be dropped silently.
 */
final class RowSetEncoder {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String DATA_EXCEPTION = "22000";

    private final RelationalModel model;

    RowSetEncoder(RelationalModel model) {
        this.model = model;
    }

    EncodedRowSet encode(Connection connection, SinkRecord.Change change) throws SQLException {
        RowSet rowSet = change.rowSet();
        CollectionTables tables = tablesOf(rowSet);
        if (rowSet.id().isNull()) {
            throw reject(rowSet, "the RowSet has no _id", DATA_EXCEPTION);
        }
        TableDef root = tables.root();
        Object id = ValueEncoder.encode(connection, root.name(), root.column(RelationalModel.ID), rowSet.id());
        if (rowSet.op() == Operation.DELETE) {
            return new EncodedRowSet(change, tables, id, null, Map.of());
        }
        Object[] rootValues = null;
        Map<TableDef, List<Object[]>> dependents = new LinkedHashMap<>();
        tables.dependents().forEach(t -> dependents.put(t, new ArrayList<>()));
        for (Row row : rowSet.rows()) {
            TableDef table = tableOf(rowSet, tables, row);
            if (table == root) {
                if (rootValues != null) {
                    throw reject(rowSet, "it has more than one row for root table '" + root.name() + "'", DATA_EXCEPTION);
                }
                requireOwnId(rowSet, row, RelationalModel.ID);
                rootValues = values(connection, rowSet, table, row);
            } else {
                requireOwnId(rowSet, row, RelationalModel.ROOT_ID);
                dependents.get(table).add(values(connection, rowSet, table, row));
            }
        }
        if (rootValues == null) {
            throw reject(rowSet, "an UPSERT needs a row for root table '" + root.name() + "'", DATA_EXCEPTION);
        }
        return new EncodedRowSet(change, tables, id, rootValues, dependents);
    }

    private CollectionTables tablesOf(RowSet rowSet) {
        if (model.mapping().collection(rowSet.collection()).isEmpty()) {
            throw reject(rowSet, "collection '" + rowSet.collection() + "' is not in the mapping; mapped: "
                    + model.mapping().collectionNames(), UNDEFINED_TABLE);
        }
        return model.forCollection(rowSet.collection());
    }

    private static TableDef tableOf(RowSet rowSet, CollectionTables tables, Row row) {
        return tables.all().stream().filter(t -> t.name().equals(row.table())).findFirst()
                .orElseThrow(() -> reject(rowSet, "it has a row for table '" + row.table() + "', which is not one of "
                        + "the collection's tables " + tables.all().stream().map(TableDef::name).toList(),
                        UNDEFINED_TABLE));
    }

    private static Object[] values(Connection connection, RowSet rowSet, TableDef table, Row row) throws SQLException {
        Set<String> known = Set.copyOf(table.columnNames());
        for (String column : row.values().keySet()) {
            if (!known.contains(column)) {
                throw reject(rowSet, "its row for table '" + table.name() + "' has column '" + column
                        + "', which the table does not have; columns: " + table.columnNames(), UNDEFINED_COLUMN);
            }
        }
        List<ColumnDef> columns = table.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            ColumnDef column = columns.get(i);
            BsonValue value = row.get(column.name());
            if (column.notNull() && (value == null || value.isNull())) {
                throw reject(rowSet, "its row for table '" + table.name() + "' has no value for key column '"
                        + column.name() + "'", DATA_EXCEPTION);
            }
            values[i] = ValueEncoder.encode(connection, table.name(), column, value);
        }
        return values;
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
