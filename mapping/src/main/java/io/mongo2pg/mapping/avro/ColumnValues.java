package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.value.CanonicalJsonBytes;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * The Avro type of each column type and the conversion of column values both ways, keeping the BSON type:
 * numeric as the Decimal128's text (exact, any scale), timestamptz as timestamp-millis, uuid as a uuid string,
 * bytea as {subtype, data}, jsonb as canonical Extended JSON. Every column is nullable with default null, so a
 * column added to the mapping is a backward- and forward-compatible schema change.
 */
final class ColumnValues {
    private static final Schema BINARY = SchemaBuilder.record("Binary").namespace("io.mongo2pg.rows")
            .fields().requiredInt("subtype").requiredBytes("data").endRecord();

    private ColumnValues() {
    }

    /** The (non-null) Avro schema of a column type. */
    static Schema schema(ColumnType type) {
        if (type.isArray()) {
            return Schema.createArray(Schema.createUnion(Schema.create(Schema.Type.NULL), schema(type.elementType())));
        }
        return switch (type) {
            case TEXT, OBJECTID, NUMERIC, JSONB -> Schema.create(Schema.Type.STRING);
            case INTEGER -> Schema.create(Schema.Type.INT);
            case BIGINT -> Schema.create(Schema.Type.LONG);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case TIMESTAMPTZ -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case UUID -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case BYTEA -> BINARY;
            default -> throw new IllegalArgumentException("No Avro type for column type " + type);
        };
    }

    /** The Avro datum of a column value; null for BSON null or a missing value. */
    static Object toAvro(ColumnType type, BsonValue value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (type.isArray()) {
            List<Object> elements = new ArrayList<>();
            value.asArray().forEach(e -> elements.add(toAvro(type.elementType(), e)));
            return elements;
        }
        return switch (type) {
            case TEXT -> value.asString().getValue();
            case OBJECTID -> value.asObjectId().getValue().toHexString();
            case NUMERIC -> value.asDecimal128().getValue().toString();
            case JSONB -> ExtendedJson.canonical(value);
            case INTEGER -> value.asInt32().getValue();
            case BIGINT -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case BOOLEAN -> value.asBoolean().getValue();
            case TIMESTAMPTZ -> value.asDateTime().getValue();
            case UUID -> value.asBinary().asUuid().toString();
            case BYTEA -> binary(value.asBinary());
            default -> throw new IllegalArgumentException("No Avro type for column type " + type);
        };
    }

    /**
     * Writes a column's value straight to {@code out} as its nullable field ({@code [null, type]}): the bytes
     * {@link #toAvro} and Avro's {@code GenericDatumWriter} give, without the intermediate datum.
     */
    static void write(ColumnType type, BsonValue value, Encoder out, CanonicalJsonBytes json) throws IOException {
        if (value == null || value.isNull()) {
            out.writeIndex(0);
            return;
        }
        out.writeIndex(1);
        if (type.isArray()) {
            BsonArray array = value.asArray();
            out.writeArrayStart();
            out.setItemCount(array.size());
            for (BsonValue element : array) {
                out.startItem();
                write(type.elementType(), element, out, json);
            }
            out.writeArrayEnd();
            return;
        }
        switch (type) {
            case TEXT -> out.writeString(value.asString().getValue());
            case OBJECTID -> out.writeString(value.asObjectId().getValue().toHexString());
            case NUMERIC -> out.writeString(value.asDecimal128().getValue().toString());
            case JSONB -> writeCanonical(value, out, json);
            case INTEGER -> out.writeInt(value.asInt32().getValue());
            case BIGINT -> out.writeLong(value.asInt64().getValue());
            case DOUBLE -> out.writeDouble(value.asDouble().getValue());
            case BOOLEAN -> out.writeBoolean(value.asBoolean().getValue());
            case TIMESTAMPTZ -> out.writeLong(value.asDateTime().getValue());
            case UUID -> out.writeString(value.asBinary().asUuid().toString());
            case BYTEA -> {
                out.writeInt(value.asBinary().getType());
                out.writeBytes(value.asBinary().getData());
            }
            default -> throw new IllegalArgumentException("No Avro type for column type " + type);
        }
    }

    /**
     * A value as its canonical Extended JSON string. A binary encoder writes a string as its UTF-8 bytes with their
     * length, so those are written as they come from the JSON writer; any other encoder is given the text.
     */
    static void writeCanonical(BsonValue value, Encoder out, CanonicalJsonBytes json) throws IOException {
        json.write(value);
        if (out instanceof BinaryEncoder) {
            out.writeBytes(json.bytes(), 0, json.length());
        } else {
            out.writeString(json.text());
        }
    }

    /** The column value of an Avro datum, with the BSON type of the column. */
    static BsonValue fromAvro(ColumnType type, Object datum) {
        if (datum == null) {
            return BsonNull.VALUE;
        }
        if (type.isArray()) {
            BsonArray array = new BsonArray();
            ((List<?>) datum).forEach(e -> array.add(fromAvro(type.elementType(), e)));
            return array;
        }
        return switch (type) {
            case TEXT -> new BsonString(datum.toString());
            case OBJECTID -> new BsonObjectId(new ObjectId(datum.toString()));
            case NUMERIC -> new BsonDecimal128(Decimal128.parse(datum.toString()));
            case JSONB -> ExtendedJson.parseValue(datum.toString());
            case INTEGER -> new BsonInt32((Integer) datum);
            case BIGINT -> new BsonInt64((Long) datum);
            case DOUBLE -> new BsonDouble((Double) datum);
            case BOOLEAN -> BsonBoolean.valueOf((Boolean) datum);
            case TIMESTAMPTZ -> new BsonDateTime((Long) datum);
            case UUID -> new BsonBinary(UUID.fromString(datum.toString()));
            case BYTEA -> bsonBinary((GenericRecord) datum);
            default -> throw new IllegalArgumentException("No Avro type for column type " + type);
        };
    }

    private static GenericRecord binary(BsonBinary binary) {
        GenericRecord record = new GenericData.Record(BINARY);
        record.put("subtype", (int) binary.getType());
        record.put("data", ByteBuffer.wrap(binary.getData()));
        return record;
    }

    private static BsonBinary bsonBinary(GenericRecord record) {
        ByteBuffer buffer = ((ByteBuffer) record.get("data")).duplicate();
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return new BsonBinary((byte) (int) (Integer) record.get("subtype"), data);
    }
}
