package io.mongo2pg.mapping.avro;

/**
 * Avro names for tables and columns. Avro allows only {@code [A-Za-z_][A-Za-z0-9_]*}, SQL identifiers allow more,
 * so other characters become {@code _}; the exact table or column name travels in the field's property
 * ({@link #TABLE_PROPERTY}, {@link #COLUMN_PROPERTY}), which is what decoding goes by.
 */
final class AvroNames {
    static final String TABLE_PROPERTY = "mongo2pg.table";
    static final String COLUMN_PROPERTY = "mongo2pg.column";

    private AvroNames() {
    }

    static String of(String name) {
        StringBuilder avro = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            avro.append(legal ? c : '_');
        }
        if (avro.isEmpty() || Character.isDigit(avro.charAt(0))) {
            avro.insert(0, '_');
        }
        return avro.toString();
    }
}
