package io.mongo2pg.mapping.row;

/** What the sink does with a RowSet: replace the document's rows, or remove them. */
public enum Operation {
    UPSERT, DELETE
}
