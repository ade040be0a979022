package io.mongo2pg.mapping.schema;

/**
 * A foreign key between collections (a link table's value column to the referenced field). It cannot hold
 * while syncing, since MongoDB has no referential integrity, so it is created at cutover.
 */
public record CrossReference(String table, String column, String referencedTable, String referencedColumn) {
}
