package io.mongo2pg.mapping.avro;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a RowSet in any format the transformer writes, told apart by the first bytes: Confluent wire format
 * ({@code 00}, needs the registry URL), Avro single-object encoding ({@code C3 01}, schemas of the mapping given
 * here, plus any older ones added with {@link #addSchema}), or canonical Extended JSON ({@code {}, RowSetCodec).
 * For the sink: {@code new KafkaConsumer<>(props, new ByteArrayDeserializer(), new RowSetDeserializer(mapping, url))}.
 * A record it cannot read throws, naming the format it found.
 */
public final class RowSetDeserializer implements Deserializer<RowSet> {
    private static final byte CONFLUENT_MAGIC = 0;
    private static final byte[] SINGLE_OBJECT_MAGIC = {(byte) 0xC3, 0x01};
    /** The bytes before the Avro datum in single-object encoding: the magic and the schema fingerprint. */
    public static final int SINGLE_OBJECT_HEADER_SIZE = 10;

    private final RowSetAvroConverter converter;
    private final SchemaStore.Cache schemas = new SchemaStore.Cache();
    private final BinaryMessageDecoder<GenericRecord> singleObject;
    private final AvroKafkaDeserializer<GenericRecord> registry;

    /** @param registryUrl the Apicurio registry's core API URL, or null when there is none */
    public RowSetDeserializer(Mapping mapping, String registryUrl) {
        RowSetSchemas rowSetSchemas = RowSetSchemas.of(mapping);
        this.converter = new RowSetAvroConverter(rowSetSchemas);
        rowSetSchemas.all().forEach(schemas::addSchema);
        this.singleObject = new BinaryMessageDecoder<>(GenericData.get(), null, schemas);
        this.registry = registryUrl == null ? null : new AvroKafkaDeserializer<>();
        if (registry != null) {
            registry.configure(RegistryRowSetSerializer.RegistrySettings.serde(registryUrl), false);
        }
    }

    /**
     * The writer schema of an Avro single-object encoded RowSet ({@code C3 01}, the schema's 64-bit fingerprint
     * little-endian, then the Avro binary datum from {@link #SINGLE_OBJECT_HEADER_SIZE}), when {@code data} is one
     * and its schema is known here; empty otherwise.
     */
    public Optional<Schema> singleObjectSchema(byte[] data) {
        if (data == null || data.length < SINGLE_OBJECT_HEADER_SIZE || data[0] != SINGLE_OBJECT_MAGIC[0]
                || data[1] != SINGLE_OBJECT_MAGIC[1]) {
            return Optional.empty();
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Optional.ofNullable(schemas.findByFingerprint(fingerprint));
    }

    /** Lets single-object encoded RowSets written with an earlier mapping's schema be read too. */
    public void addSchema(Schema schema) {
        schemas.addSchema(schema);
    }

    @Override
    public RowSet deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public RowSet deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length >= 2 && data[0] == SINGLE_OBJECT_MAGIC[0] && data[1] == SINGLE_OBJECT_MAGIC[1]) {
            return converter.fromRecord(decodeSingleObject(data));
        }
        if (data.length > 0 && data[0] == CONFLUENT_MAGIC) {
            if (registry == null) {
                throw new IllegalArgumentException("The record on topic '" + topic + "' is Avro in Confluent wire "
                        + "format, but no schema registry URL is configured; set the registry URL the transformer "
                        + "writes to");
            }
            return converter.fromRecord(headers == null ? registry.deserialize(topic, data)
                    : registry.deserialize(topic, headers, data));
        }
        if (data.length > 0 && data[0] == '{') {
            return RowSetCodec.decode(data);
        }
        throw new IllegalArgumentException("The record on topic '" + topic + "' is not a RowSet: it starts with byte "
                + String.format("0x%02X", data.length == 0 ? 0 : data[0]) + ", expected 0x00 (Confluent wire format), "
                + "0xC3 0x01 (Avro single-object) or '{' (Extended JSON)");
    }

    private GenericRecord decodeSingleObject(byte[] data) {
        try {
            return singleObject.decode(data);
        } catch (MissingSchemaException e) {
            throw new IllegalArgumentException("Cannot decode an Avro single-object RowSet: " + e.getMessage()
                    + "; it was written with a RowSet schema that this reader's mapping does not produce, so the "
                    + "transformer runs with a different mapping. Run the sink with the transformer's mapping, or set "
                    + "transformer.schemaRegistryUrl so that readers find every writer schema in the registry", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode an Avro single-object RowSet: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
