package io.mongo2pg.transformer.state;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * The latest document of every {@code _id} of one collection, as BSON, in a persistent Kafka Streams store backed
 * by a compacted changelog topic ({@code <application.id>-<store>-changelog}), so it survives restarts and moves
 * with its partition. Keyed by the RowSet key bytes (the canonical {@code _id}), so all changes of a document meet
 * the same entry. It is what a {@code change_streams} delta is applied to.
 */
public final class DocumentStore {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private final KeyValueStore<Bytes, byte[]> store;

    public DocumentStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** No store: knows no document, keeps none (full-document capture without a store). */
    public static DocumentStore none() {
        return new DocumentStore(null);
    }

    /** The store's name for a collection (legal in a topic name, since it names the changelog). */
    public static String name(String sanitizedCollection) {
        return "documents-" + sanitizedCollection;
    }

    /** A persistent, changelogged store; compaction keeps the changelog as large as the collection. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    /** The stored document, or null when the store has never seen it (or it was deleted or forgotten). */
    public BsonDocument get(byte[] key) {
        if (store == null) {
            return null;
        }
        byte[] bytes = store.get(Bytes.wrap(key));
        return bytes == null ? null : new RawBsonDocument(bytes).decode(CODEC);
    }

    public void put(byte[] key, BsonDocument document) {
        if (store == null) {
            return;
        }
        ByteBuffer buffer = new RawBsonDocument(document, CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        store.put(Bytes.wrap(key), bytes);
    }

    /** Removes the document: after a delete, or when a change of it was missed and its state is no longer known. */
    public void delete(byte[] key) {
        if (store != null) {
            store.delete(Bytes.wrap(key));
        }
    }
}
