package io.mongo2pg.mapping.normalize;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Dotted-path access into BSON documents, as the mapping addresses fields ({@code address.city}). */
final class DocumentPaths {
    private DocumentPaths() {
    }

    /** The value at {@code path} (BSON null included), or null when there is none or a parent is not a document. */
    static BsonValue get(BsonDocument document, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return document.get(path);
        }
        BsonValue child = document.get(path.substring(0, dot));
        return child == null || !child.isDocument() ? null : get(child.asDocument(), path.substring(dot + 1));
    }

    /**
     * Removes and returns the value at {@code path}, or returns null when there is none. An explicit BSON
     * null is left in place (and null returned), so the catch-all column keeps "null" apart from "absent".
     * A parent document emptied by the removal is removed too; one that was already empty stays.
     */
    static BsonValue take(BsonDocument document, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            BsonValue value = document.get(path);
            return value == null || value.isNull() ? null : document.remove(path);
        }
        String head = path.substring(0, dot);
        BsonValue child = document.get(head);
        if (child == null || !child.isDocument()) {
            return null;
        }
        BsonValue taken = take(child.asDocument(), path.substring(dot + 1));
        if (taken != null && child.asDocument().isEmpty()) {
            document.remove(head);
        }
        return taken;
    }

    /**
     * Removes the field at {@code path} whatever its value, for fields excluded on purpose. Its parent stays even
     * if emptied: only the excluded field is left out.
     */
    static void remove(BsonDocument document, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            document.remove(path);
            return;
        }
        BsonValue child = document.get(path.substring(0, dot));
        if (child != null && child.isDocument()) {
            remove(child.asDocument(), path.substring(dot + 1));
        }
    }

    /** Puts {@code value} at {@code path}, creating parent documents as needed (the inverse of take). */
    static void put(BsonDocument document, String path, BsonValue value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            document.put(path, value);
            return;
        }
        String head = path.substring(0, dot);
        BsonValue child = document.get(head);
        if (child == null || !child.isDocument()) {
            child = new BsonDocument();
            document.put(head, child);
        }
        put(child.asDocument(), path.substring(dot + 1), value);
    }
}
