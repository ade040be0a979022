package io.mongo2pg.mapping.schema;

/**
 * What a table holds: documents, array elements (subdocuments or scalars, at any depth), a subdocument stored
 * 1:1 with the row that holds it, or references.
 */
public enum TableKind {
    ROOT, CHILD, LINK, ONE_TO_ONE
}
