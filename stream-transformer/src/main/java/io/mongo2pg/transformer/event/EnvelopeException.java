package io.mongo2pg.transformer.event;

/**
 * A record that is not a Debezium MongoDB change event this transformer can read: says what was expected and
 * what was found. Such a record goes to the dead letters; the pipeline keeps going.
 */
public class EnvelopeException extends RuntimeException {
    private final String documentId;

    public EnvelopeException(String message) {
        this(message, null, null);
    }

    public EnvelopeException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param documentId the {@code _id} as canonical Extended JSON when the key could be read, else null
     */
    public EnvelopeException(String message, String documentId, Throwable cause) {
        super(message, cause);
        this.documentId = documentId;
    }

    /** The {@code _id} (canonical Extended JSON) of the event, or null when the key itself could not be read. */
    public String documentId() {
        return documentId;
    }

    /** The same problem, now known to concern the document with {@code documentId}. */
    EnvelopeException forDocument(String id) {
        EnvelopeException located = new EnvelopeException(getMessage(), id, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }
}
