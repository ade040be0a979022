package io.mongo2pg.mapping.model;

/**
 * What a reference points at: {@code collection.field}, the field being {@code _id} or a root column of that
 * collection. The foreign key it implies is only created at cutover (see DESIGN.md).
 */
public record ColumnReference(String collection, String field) {
    @Override
    public String toString() {
        return collection + "." + field;
    }
}
