package io.mongo2pg.mapping.ddl;

/**
 * The one place SQL identifiers are quoted. Every table and column name goes through here, so a field
 * named {@code limit} or {@code Order} or one with a quote in it is always safe and keeps its case.
 */
public final class SqlIdentifier {
    private SqlIdentifier() {
    }

    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("An SQL identifier cannot be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An SQL identifier cannot contain U+0000: " + identifier.replace("\0", "\\0"));
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }
}
