package io.mongo2pg.sink.batch;

/**
 * A document's rows as PostgreSQL COPY text, one block per table of its collection.
 *
 * @param idField the {@code _id} as one COPY text field
 * @param idLiteral the {@code _id} in the input syntax of its column's type (unescaped), to bind as a parameter
 * @param data per table of the collection (root first, in the order of its tables), the document's rows in it as
 *     UTF-8 COPY text lines, each ending in a newline
 * @param rows per table, how many lines {@code data} holds
 */
public record CopyRows(String idField, String idLiteral, byte[][] data, int[] rows) {
}
