package io.mongo2pg.mapping.value;

import org.bson.BsonValue;

/**
 * Canonical Extended JSON as UTF-8 bytes, the bytes of {@link ExtendedJson#canonical(BsonValue)}'s text, written
 * into a buffer this instance reuses: for encoders that copy bytes (Avro's jsonb columns), without a String in
 * between. Not thread-safe; one instance per thread.
 */
public final class CanonicalJsonBytes {
    private static final int INITIAL_BYTES = 1024;

    private final CanonicalJsonWriter writer = new CanonicalJsonWriter(INITIAL_BYTES);

    /** Writes {@code value}, replacing what was written before. */
    public void write(BsonValue value) {
        writer.reset();
        writer.value(value);
    }

    /** The bytes written, the first {@link #length()} of this array; valid until the next {@link #write}. */
    public byte[] bytes() {
        return writer.bytes();
    }

    public int length() {
        return writer.length();
    }

    /** The text written, as {@link ExtendedJson#canonical(BsonValue)} gives it. */
    public String text() {
        return writer.text();
    }
}
