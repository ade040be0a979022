package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.sink.batch.SinkRecord;
import java.util.List;

/**
 * A RowSet checked against its tables and turned into COPY text, ready to load.
 *
 * @param idField the {@code _id} as one COPY text field (also the document's identity for the backfill key set)
 * @param rootLine the root row as one COPY text line (fields only, no newline); null for DELETE
 * @param dependentLines for each of {@code tables.dependents()} (same order), the document's rows in it as COPY
 *     text lines (possibly none); empty for DELETE
 */
record EncodedRowSet(SinkRecord.Change change, CollectionTables tables, String idField, String rootLine,
                     List<List<String>> dependentLines) {
    boolean isDelete() {
        return change.rowSet().op() == Operation.DELETE;
    }

    String collection() {
        return tables.collection();
    }

    /** The rows this RowSet writes: its root row and every child and link row. */
    int rowCount() {
        int rows = isDelete() ? 0 : 1;
        for (List<String> lines : dependentLines) {
            rows += lines.size();
        }
        return rows;
    }
}
