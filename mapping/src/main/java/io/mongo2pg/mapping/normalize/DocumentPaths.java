package io.mongo2pg.mapping.normalize;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Dotted-path access into BSON documents, as the mapping addresses fields ({@code address.city}).
 *
 * <p>The changing methods change only the document they are given: a subdocument on the way is first replaced by a
 * copy of its level ({@link #copyLevel}), so documents shared with the caller's input are never changed. This lets
 * the normalizer copy one level at a time instead of cloning whole documents.
 */
final class DocumentPaths {
    private DocumentPaths() {
    }

    /** A new document with the same fields; values (subdocuments and arrays too) are shared, not copied. */
    static BsonDocument copyLevel(BsonDocument document) {
        BsonDocument copy = new BsonDocument();
        copy.putAll(document);
        return copy;
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
        if (child == null || !child.isDocument() || get(child.asDocument(), path.substring(dot + 1)) == null) {
            return null;
        }
        BsonDocument own = ownChild(document, head, child.asDocument());
        BsonValue taken = take(own, path.substring(dot + 1));
        if (taken != null && own.isEmpty()) {
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
        String head = path.substring(0, dot);
        BsonValue child = document.get(head);
        if (child != null && child.isDocument() && get(child.asDocument(), path.substring(dot + 1)) != null) {
            remove(ownChild(document, head, child.asDocument()), path.substring(dot + 1));
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
        BsonDocument own = child == null || !child.isDocument() ? new BsonDocument() : copyLevel(child.asDocument());
        document.put(head, own);
        put(own, path.substring(dot + 1), value);
    }

    /** Replaces the subdocument {@code child} at {@code head} by a copy of its level, which may then be changed. */
    private static BsonDocument ownChild(BsonDocument document, String head, BsonDocument child) {
        BsonDocument own = copyLevel(child);
        document.put(head, own);
        return own;
    }
}
