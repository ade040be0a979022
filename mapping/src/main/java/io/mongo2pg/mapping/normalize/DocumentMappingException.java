package io.mongo2pg.mapping.normalize;

/**
 * A document (or one of its values) that the mapping cannot place. Says where: collection, {@code _id}
 * and field path ({@code items.3.price}), and what was found against what was expected. Such a document
 * goes to the dead letters; the pipeline keeps going.
 */
public class DocumentMappingException extends RuntimeException {
    private final String collection;
    private final String documentId;
    private final String fieldPath;
    private final String reason;

    public DocumentMappingException(String collection, String documentId, String fieldPath, String reason) {
        super("Cannot map document _id=" + documentId + " of collection '" + collection + "' at field '"
                + fieldPath + "': " + reason);
        this.collection = collection;
        this.documentId = documentId;
        this.fieldPath = fieldPath;
        this.reason = reason;
    }

    public String collection() {
        return collection;
    }

    public String documentId() {
        return documentId;
    }

    public String fieldPath() {
        return fieldPath;
    }

    public String reason() {
        return reason;
    }
}
