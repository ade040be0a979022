package io.mongo2pg.sink.kafka;

import io.mongo2pg.mapping.avro.RowSetDeserializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.batch.RecordPosition;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.jdbc.AvroCopyReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.BsonValue;

/**
 * Turns a consumed record into a {@link SinkRecord}, whatever format the transformer wrote the RowSet in (Avro in
 * Confluent wire format through the schema registry, Avro single-object encoding, or canonical Extended JSON: see
 * {@link RowSetDeserializer}, which tells them apart by their first bytes). A record that cannot be decoded, or whose
 * RowSet belongs to another collection than its topic carries, becomes a dead letter with its payload; a record
 * without value is a tombstone. Nothing is dropped and nothing throws. Close it with the sink (it may hold a
 * registry client).
 */
public final class RecordDecoder implements AutoCloseable {
    private final SinkConfig config;
    private final RowSetDeserializer deserializer;
    private final AvroCopyReader fastPath;

    /** A decoder for the RowSets of {@code mapping}'s collections; {@code config.schemaRegistryUrl()} may be null. */
    public RecordDecoder(SinkConfig config, Mapping mapping) {
        this.config = config;
        this.deserializer = new RowSetDeserializer(mapping, config.schemaRegistryUrl());
        this.fastPath = new AvroCopyReader(RelationalModel.of(mapping), deserializer);
    }

    public SinkRecord decode(ConsumerRecord<byte[], byte[]> record) {
        RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset());
        if (record.value() == null) {
            return new SinkRecord.Tombstone(position);
        }
        String expected = config.collectionOf(record.topic()).orElse(null);
        Optional<SinkRecord.Change> preEncoded = fastPath.read(position, record.value(),
                () -> deserializer.deserialize(record.topic(), record.headers(), record.value()));
        if (preEncoded.isPresent() && (expected == null || expected.equals(preEncoded.get().collection()))) {
            return preEncoded.get();
        }
        RowSet rowSet;
        try {
            rowSet = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return reject(position, expected, record, "The record value is not a RowSet and cannot be decoded: " + e);
        }
        if (expected != null && !expected.equals(rowSet.collection())) {
            return reject(position, rowSet.collection(), record, "The RowSet is for collection '" + rowSet.collection()
                    + "' but arrived on topic '" + record.topic() + "', which carries collection '" + expected + "'");
        }
        return new SinkRecord.Change(position, rowSet);
    }

    @Override
    public void close() {
        deserializer.close();
    }

    private static SinkRecord reject(RecordPosition position, String collection, ConsumerRecord<byte[], byte[]> record,
                                     String reason) {
        Payload payload = Payload.of(record.value());
        String fullReason = reason + (payload.base64() ? " (payload stored as base64: it is not UTF-8 text)" : "");
        return new SinkRecord.Rejected(new DeadLetter(position, collection, documentId(record.key()), fullReason, null,
                payload.text()));
    }

    /** The key's _id as canonical Extended JSON, or the raw key when even the key cannot be decoded. */
    static String documentId(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            BsonValue id = RowSetCodec.decodeKey(key);
            if (id != null) {
                return ExtendedJson.canonical(id);
            }
        } catch (RuntimeException e) {
            // fall through to the raw key
        }
        return Payload.of(key).text();
    }

    /** Record bytes as text: UTF-8 when they are valid UTF-8 without U+0000, base64 otherwise. */
    record Payload(String text, boolean base64) {
        static Payload of(byte[] bytes) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                if (text.indexOf('\0') < 0) {
                    return new Payload(text, false);
                }
            } catch (CharacterCodingException e) {
                // not text
            }
            return new Payload(Base64.getEncoder().encodeToString(bytes), true);
        }
    }
}
