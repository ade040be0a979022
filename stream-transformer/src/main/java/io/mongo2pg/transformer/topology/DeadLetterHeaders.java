package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.transformer.event.EnvelopeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The headers of a dead letter: the original record's headers plus why it failed and where it came from. The
 * dead letter keeps the original key and value bytes, so it can be replayed once the cause is fixed.
 */
public final class DeadLetterHeaders {
    public static final String ERROR_REASON = "mongo2pg.error.reason";
    public static final String ERROR_CLASS = "mongo2pg.error.class";
    public static final String SOURCE_TOPIC = "mongo2pg.source.topic";
    public static final String SOURCE_PARTITION = "mongo2pg.source.partition";
    public static final String SOURCE_OFFSET = "mongo2pg.source.offset";
    public static final String COLLECTION = "mongo2pg.collection";
    /** The document's {@code _id} as canonical Extended JSON, when known. */
    public static final String ID = "mongo2pg.id";
    /** The path of the offending field in the document ({@code items.3.price}), when known. */
    public static final String FIELD_PATH = "mongo2pg.field.path";

    private DeadLetterHeaders() {
    }

    static Headers describe(Headers original, Optional<RecordMetadata> origin, String collection, Exception error) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, ERROR_REASON, String.valueOf(error.getMessage()));
        put(headers, ERROR_CLASS, error.getClass().getName());
        origin.ifPresent(o -> {
            put(headers, SOURCE_TOPIC, o.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(o.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(o.offset()));
        });
        put(headers, COLLECTION, collection);
        documentId(error).ifPresent(id -> put(headers, ID, id));
        fieldPath(error).ifPresent(path -> put(headers, FIELD_PATH, path));
        return headers;
    }

    private static Optional<String> documentId(Exception error) {
        if (error instanceof DocumentMappingException mapping) {
            return Optional.ofNullable(mapping.documentId());
        }
        if (error instanceof EnvelopeException envelope) {
            return Optional.ofNullable(envelope.documentId());
        }
        if (error instanceof DocumentStateException state) {
            return Optional.ofNullable(state.documentId());
        }
        return Optional.empty();
    }

    private static Optional<String> fieldPath(Exception error) {
        if (error instanceof DocumentStateException state) {
            return Optional.ofNullable(state.fieldPath());
        }
        return error instanceof DocumentMappingException mapping ? Optional.ofNullable(mapping.fieldPath())
                : Optional.empty();
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
