package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.sink.batch.CopyRows;
import io.mongo2pg.sink.batch.SinkRecord;

/**
 * A RowSet checked against its tables and turned into COPY text, ready to load. The rows are kept as UTF-8 bytes,
 * one block per table, so that loading them is a copy into the COPY stream, not another conversion.
 *
 * @param idField the {@code _id} as one COPY text field (also the document's identity for the backfill key set)
 * @param idLiteral the {@code _id} in the input syntax of its column's type (unescaped), to bind as a parameter
 * @param data per table of the collection ({@code tables.all()} order: root first), the document's rows in it as
 *     COPY text lines, each ending in a newline; empty for DELETE
 * @param rows per table, how many lines {@code data} holds
 */
record EncodedRowSet(SinkRecord.Change change, CollectionTables tables, String idField, String idLiteral,
                     byte[][] data, int[] rows) {
    static final byte[] NO_DATA = new byte[0];

    static EncodedRowSet of(SinkRecord.Change change, CollectionTables tables, CopyRows rows) {
        return new EncodedRowSet(change, tables, rows.idField(), rows.idLiteral(), rows.data(), rows.rows());
    }

    static EncodedRowSet delete(SinkRecord.Change change, CollectionTables tables, String idField, String idLiteral) {
        return new EncodedRowSet(change, tables, idField, idLiteral, new byte[0][], new int[0]);
    }

    boolean isDelete() {
        return change.op() == Operation.DELETE;
    }

    String collection() {
        return tables.collection();
    }

    /** The rows this RowSet writes: its root row and every child and link row. */
    int rowCount() {
        int count = 0;
        for (int r : rows) {
            count += r;
        }
        return count;
    }
}
