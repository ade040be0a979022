package io.mongo2pg.cli.verify;

/**
 * A reference whose value the referenced table does not hold: its foreign key would not validate at cutover.
 *
 * @param documentId the referencing document's {@code _id} (the row's {@code _id} or {@code _root_id}) as text
 * @param value the referencing value as PostgreSQL prints it
 */
public record DanglingReference(String table, String column, String referencedTable, String referencedColumn,
                                String documentId, String value) {
    public String describe() {
        return table + "." + column + " = " + value + " (document _id " + documentId + ") not found in "
                + referencedTable + "." + referencedColumn;
    }
}
