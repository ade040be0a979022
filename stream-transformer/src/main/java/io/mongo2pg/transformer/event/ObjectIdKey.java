package io.mongo2pg.transformer.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;

/**
 * The shortcut for the key nearly every record has: Kafka's JsonConverter writing Debezium's key of an ObjectId
 * {@code _id} without the schema envelope, byte for byte {@code {"id":"{\"$oid\": \"<24 hex digits>\"}"}}. Reading
 * it as JSON twice (the key, then the Extended JSON in it) cost more than a tenth of a small document's processing.
 * Any other key, or any variation of this one, is left to the general path, which gives the same value.
 */
final class ObjectIdKey {
    private static final byte[] PREFIX = "{\"id\":\"{\\\"$oid\\\": \\\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\\\"}\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int HEX_DIGITS = 24;

    private ObjectIdKey() {
    }

    /** The key's ObjectId when the key is exactly that shape, else null. */
    static BsonObjectId parse(byte[] key) {
        if (key == null || key.length != PREFIX.length + HEX_DIGITS + SUFFIX.length
                || !Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                || !Arrays.equals(key, key.length - SUFFIX.length, key.length, SUFFIX, 0, SUFFIX.length)) {
            return null;
        }
        String hex = new String(key, PREFIX.length, HEX_DIGITS, StandardCharsets.US_ASCII);
        return ObjectId.isValid(hex) ? new BsonObjectId(new ObjectId(hex)) : null;
    }
}
