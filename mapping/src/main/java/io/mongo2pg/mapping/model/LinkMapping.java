package io.mongo2pg.mapping.model;

/**
 * An array of references to another collection stored as a link table (many-to-many): one row per
 * element, holding the root's id and the referenced value.
 *
 * @param referencedCollection the collection whose field the values point at
 * @param referencedField the field they point at ({@code _id} or a unique field)
 * @param column the link table's column holding the referenced value
 * @param type the column type, taken from the referenced field's mapping
 */
public record LinkMapping(String fieldPath, String table, String referencedCollection, String referencedField,
                          String column, ColumnType type) {
}
