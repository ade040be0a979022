package io.mongo2pg.transformer.topology;

/**
 * An update the transformer cannot turn into a document: a delta ({@code change_streams} capture mode) for a
 * document it does not know, or one that does not fit the document it knows. Says how to recover: an incremental
 * snapshot of the collection re-reads the document, and deltas apply again from there.
 */
public class DocumentStateException extends RuntimeException {
    private final String documentId;
    private final String fieldPath;

    public DocumentStateException(String message, String documentId, String fieldPath, Throwable cause) {
        super(message, cause);
        this.documentId = documentId;
        this.fieldPath = fieldPath;
    }

    /** The {@code _id} as canonical Extended JSON. */
    public String documentId() {
        return documentId;
    }

    /** The path the update could not be applied at, or null. */
    public String fieldPath() {
        return fieldPath;
    }
}
