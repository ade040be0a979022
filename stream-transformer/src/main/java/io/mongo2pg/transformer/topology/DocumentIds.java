package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.model.ColumnType;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * Debezium writes the key's {@code _id} as relaxed Extended JSON, where an Int64 that fits in 32 bits reads back as
 * an Int32. These rules restore the type the mapping declares and compare a key's {@code _id} with the document's.
 */
final class DocumentIds {
    private DocumentIds() {
    }

    /** The key's {@code _id} with the BSON type of the collection's mapped id type, where relaxed JSON lost it. */
    static BsonValue align(BsonValue keyId, ColumnType idType) {
        if (idType == ColumnType.BIGINT && keyId.isInt32()) {
            return new BsonInt64(keyId.asInt32().getValue());
        }
        return keyId;
    }

    /** Whether two ids are the same document's, allowing Int32 and Int64 of equal value (at any depth). */
    static boolean sameDocument(BsonValue keyId, BsonValue documentId) {
        if (isWholeNumber(keyId) && isWholeNumber(documentId)) {
            return keyId.asNumber().longValue() == documentId.asNumber().longValue();
        }
        if (keyId.isDocument() && documentId.isDocument()) {
            return sameDocuments(keyId.asDocument(), documentId.asDocument());
        }
        if (keyId.isArray() && documentId.isArray()) {
            return sameArrays(keyId.asArray(), documentId.asArray());
        }
        return keyId.equals(documentId);
    }

    private static boolean sameDocuments(BsonDocument a, BsonDocument b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, BsonValue>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, BsonValue>> right = b.entrySet().iterator();
        while (left.hasNext()) {
            Map.Entry<String, BsonValue> l = left.next();
            Map.Entry<String, BsonValue> r = right.next();
            if (!l.getKey().equals(r.getKey()) || !sameDocument(l.getValue(), r.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameArrays(BsonArray a, BsonArray b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameDocument(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWholeNumber(BsonValue value) {
        return value.isInt32() || value.isInt64();
    }
}
