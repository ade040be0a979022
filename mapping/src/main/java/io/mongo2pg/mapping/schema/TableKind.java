package io.mongo2pg.mapping.schema;

/** What a table holds: documents, array-of-subdocument elements, or references. */
public enum TableKind {
    ROOT, CHILD, LINK
}
