package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.batch.SinkRecord;
import java.util.List;
import java.util.Map;

/**
 * A RowSet checked against its tables and turned into JDBC parameters, ready to execute.
 *
 * @param id the encoded {@code _id}
 * @param rootValues the root row's parameters in column order; null for DELETE
 * @param dependentRows per dependent table of the collection, the document's rows' parameters (possibly none);
 *     empty for DELETE
 */
record EncodedRowSet(SinkRecord.Change change, CollectionTables tables, Object id, Object[] rootValues,
                     Map<TableDef, List<Object[]>> dependentRows) {
    boolean isDelete() {
        return change.rowSet().op() == Operation.DELETE;
    }
}
