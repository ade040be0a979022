package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.normalize.ValueFit;
import java.util.Locale;
import org.bson.BsonBinarySubType;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * What one value is, as far as the mapping cares: its BSON type (a binary with its subtype) and the column type that
 * keeps it exactly, if any. {@code column} is null for documents, arrays and null; jsonb for the BSON types that have
 * no column of their own (Timestamp, regular expressions, ...).
 */
record ValueKind(String label, ColumnType column, byte subtype) {
    static final ValueKind NULL = new ValueKind("null", null, (byte) 0);
    static final ValueKind DOCUMENT = new ValueKind("document", null, (byte) 0);
    static final ValueKind ARRAY = new ValueKind("array", null, (byte) 0);

    static ValueKind of(BsonValue value) {
        BsonType type = value.getBsonType();
        return switch (type) {
            case NULL -> NULL;
            case DOCUMENT -> DOCUMENT;
            case ARRAY -> ARRAY;
            case STRING -> scalar("string", ColumnType.TEXT);
            case OBJECT_ID -> scalar("objectId", ColumnType.OBJECTID);
            case INT32 -> scalar("int32", ColumnType.INTEGER);
            case INT64 -> scalar("int64", ColumnType.BIGINT);
            case DOUBLE -> scalar("double", ColumnType.DOUBLE);
            case DECIMAL128 -> scalar("decimal128", ColumnType.NUMERIC);
            case BOOLEAN -> scalar("boolean", ColumnType.BOOLEAN);
            case DATE_TIME -> scalar("date", ColumnType.TIMESTAMPTZ);
            case BINARY -> binary(value.asBinary().getType());
            default -> scalar(camel(type), ColumnType.JSONB);
        };
    }

    /** Whether {@code value} of this kind would come back exactly from its column (a date past 294276 would not). */
    static boolean fits(ValueKind kind, BsonValue value) {
        return kind.column == null || ValueFit.problem(kind.column, kind.subtype, value).isEmpty();
    }

    boolean isScalar() {
        return column != null;
    }

    boolean isReferenceCandidate() {
        return column == ColumnType.OBJECTID || column == ColumnType.INTEGER || column == ColumnType.BIGINT;
    }

    private static ValueKind scalar(String label, ColumnType column) {
        return new ValueKind(label, column, (byte) 0);
    }

    private static ValueKind binary(byte subtype) {
        if (subtype == BsonBinarySubType.UUID_STANDARD.getValue()) {
            return new ValueKind("binary(04)", ColumnType.UUID, subtype);
        }
        return new ValueKind(String.format("binary(%02x)", subtype), ColumnType.BYTEA, subtype);
    }

    private static String camel(BsonType type) {
        String[] parts = type.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }
}
