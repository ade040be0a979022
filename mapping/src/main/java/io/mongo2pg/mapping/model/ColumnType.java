package io.mongo2pg.mapping.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bson.BsonBinarySubType;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * The PostgreSQL column types a mapped field can have, and which BSON values each one accepts.
 *
 * <p>Acceptance is strict on purpose: a value is never silently cast (an Int64 does not go into an
 * {@code integer} column even if it would fit), because the inverse mapping must give back the exact
 * BSON type. BSON null fits every column.
 */
public enum ColumnType {
    TEXT("text", "text", BsonType.STRING),
    OBJECTID("objectid", "text", BsonType.OBJECT_ID),
    INTEGER("integer", "integer", BsonType.INT32),
    BIGINT("bigint", "bigint", BsonType.INT64),
    DOUBLE("double", "double precision", BsonType.DOUBLE),
    NUMERIC("numeric", "numeric", BsonType.DECIMAL128),
    BOOLEAN("boolean", "boolean", BsonType.BOOLEAN),
    TIMESTAMPTZ("timestamptz", "timestamptz", BsonType.DATE_TIME),
    BYTEA("bytea", "bytea", BsonType.BINARY),
    UUID("uuid", "uuid", BsonType.BINARY),
    JSONB("jsonb", "jsonb", null),
    TEXT_ARRAY("text[]", "text[]", BsonType.STRING),
    INTEGER_ARRAY("integer[]", "integer[]", BsonType.INT32),
    BIGINT_ARRAY("bigint[]", "bigint[]", BsonType.INT64),
    DOUBLE_ARRAY("double[]", "double precision[]", BsonType.DOUBLE);

    private final String yamlName;
    private final String sqlType;
    /** The BSON type of the value, or of each element for array types; null = anything. */
    private final BsonType bsonType;

    ColumnType(String yamlName, String sqlType, BsonType bsonType) {
        this.yamlName = yamlName;
        this.sqlType = sqlType;
        this.bsonType = bsonType;
    }

    public String yamlName() {
        return yamlName;
    }

    public String sqlType() {
        return sqlType;
    }

    public boolean isArray() {
        return yamlName.endsWith("[]");
    }

    /** The column type that holds one element of this array type. */
    public ColumnType elementType() {
        ColumnType element = ElementTypes.OF_ARRAY_TYPE.get(this);
        if (element == null) {
            throw new IllegalStateException(this + " is not an array type");
        }
        return element;
    }

    /** Looked up once: {@link #accepts} asks for every element of every array value. */
    private static final class ElementTypes {
        private static final Map<ColumnType, ColumnType> OF_ARRAY_TYPE = Arrays.stream(values())
                .filter(ColumnType::isArray).collect(Collectors.toUnmodifiableMap(t -> t,
                        t -> parse(t.yamlName.substring(0, t.yamlName.length() - 2))));
    }

    /** Whether {@code value} can be stored in a column of this type without losing its BSON type. */
    public boolean accepts(BsonValue value) {
        if (value.isNull() || this == JSONB) {
            return true;
        }
        if (isArray()) {
            return value.isArray() && value.asArray().stream().allMatch(e -> e.isNull() || elementType().acceptsScalar(e));
        }
        return acceptsScalar(value);
    }

    private boolean acceptsScalar(BsonValue value) {
        if (value.getBsonType() != bsonType) {
            return false;
        }
        if (this == UUID || this == BYTEA) {
            boolean isUuid = value.asBinary().getType() == BsonBinarySubType.UUID_STANDARD.getValue();
            return this == UUID ? isUuid : !isUuid;
        }
        return true;
    }

    /** Parses a type name as written in a mapping file; the error lists every allowed name. */
    public static ColumnType parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown column type '" + name + "'; use one of: " + allowedNames()));
    }

    public static Optional<ColumnType> find(String name) {
        ColumnType exact = ByYamlName.TYPES.get(name); // the usual case, e.g. from an Avro schema's property
        return exact != null ? Optional.of(exact)
                : Optional.ofNullable(ByYamlName.TYPES.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Holder of the lookup table, built after the enum constants exist. */
    private static final class ByYamlName {
        private static final Map<String, ColumnType> TYPES = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(ColumnType::yamlName, t -> t));
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(ColumnType::yamlName).collect(Collectors.joining(", "));
    }
}
