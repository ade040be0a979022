package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.value.CanonicalJsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * RowSets as Avro single-object encoding ({@code C3 01}, the schema's 8-byte CRC-64-AVRO fingerprint, then the
 * binary datum): self-describing without a registry, for readers that know the mapping's schemas. The datum is
 * written straight from the RowSet ({@link RowSetAvroConverter#write}), the same bytes as Avro's
 * {@code BinaryMessageEncoder} of {@link RowSetAvroConverter#toRecord}, into a buffer each thread reuses.
 * Thread-safe.
 */
public final class SingleObjectRowSetSerializer implements Serializer<RowSet> {
    private static final int INITIAL_BUFFER_BYTES = 4096;

    private final RowSetAvroConverter converter;
    private final Map<String, byte[]> headers = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    public SingleObjectRowSetSerializer(RowSetAvroConverter converter) {
        this.converter = converter;
    }

    @Override
    public byte[] serialize(String topic, RowSet rowSet) {
        if (rowSet == null) {
            return null;
        }
        Buffer buffer = buffers.get();
        try {
            buffer.bytes.reset();
            byte[] header = headers.get(rowSet.collection()); // computeIfAbsent's method reference cost an allocation
            buffer.bytes.write(header != null ? header : headers.computeIfAbsent(rowSet.collection(), this::header));
            converter.write(rowSet, buffer.encoder, buffer.json);
            buffer.encoder.flush();
            return buffer.bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the RowSet of _id " + rowSet.id() + " as Avro", e);
        }
    }

    /** The single-object header of a collection's schema: marker and fingerprint (little-endian). */
    private byte[] header(String collection) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(converter.schemas().forCollection(collection));
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(fingerprint).array();
    }

    /** One thread's output buffer, the Avro encoder writing into it, and its buffer for jsonb values. */
    private static final class Buffer {
        private final CanonicalJsonBytes json = new CanonicalJsonBytes();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    }
}
