package io.mongo2pg.transformer.state;

/**
 * An update description that does not fit the document it is applied to: the stored document is not the one
 * MongoDB updated (a change was missed), so the result would be wrong.
 */
public class UpdateConflictException extends RuntimeException {
    private final String fieldPath;

    public UpdateConflictException(String fieldPath, String reason) {
        super("Cannot apply the update at field '" + fieldPath + "': " + reason);
        this.fieldPath = fieldPath;
    }

    public String fieldPath() {
        return fieldPath;
    }
}
