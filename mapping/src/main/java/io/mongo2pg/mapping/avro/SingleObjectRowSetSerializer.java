package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.row.RowSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serializer;

/**
 * RowSets as Avro single-object encoding ({@code C3 01}, the schema's 8-byte CRC-64-AVRO fingerprint, then the
 * binary datum): self-describing without a registry, for readers that know the mapping's schemas. Thread-safe.
 */
public final class SingleObjectRowSetSerializer implements Serializer<RowSet> {
    private final RowSetAvroConverter converter;
    private final Map<String, BinaryMessageEncoder<GenericRecord>> encoders = new ConcurrentHashMap<>();

    public SingleObjectRowSetSerializer(RowSetAvroConverter converter) {
        this.converter = converter;
    }

    @Override
    public byte[] serialize(String topic, RowSet rowSet) {
        if (rowSet == null) {
            return null;
        }
        BinaryMessageEncoder<GenericRecord> encoder = encoders.computeIfAbsent(rowSet.collection(),
                c -> new BinaryMessageEncoder<>(GenericData.get(), converter.schemas().forCollection(c)));
        try {
            return encoder.encode(converter.toRecord(rowSet)).array();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the RowSet of _id " + rowSet.id() + " as Avro", e);
        }
    }
}
