package io.mongo2pg.bench.sink;

import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;

/**
 * Sample-shaped documents in any number: the real sample_analytics customers (root row plus ~3.5 link rows
 * each), cycled with fresh ids. The update variant changes a column and one link of every document, so the
 * update path rewrites the same keys.
 */
record BenchDocuments(List<BsonDocument> templates, int count) {
    static BenchDocuments fromSamples(Path customersFile, int count) {
        return new BenchDocuments(ExtendedJsonFile.readAll(customersFile), count);
    }

    BsonDocument document(int i, boolean updated) {
        BsonDocument doc = templates.get(i % templates.size()).clone();
        doc.put("_id", new BsonObjectId(id(i)));
        doc.put("username", new BsonString(doc.getString("username").getValue() + "_" + i));
        if (updated) {
            doc.put("email", new BsonString("updated_" + i + "@example.com"));
            doc.getArray("accounts").set(0, new BsonInt32(900_000 + i % 1000));
        }
        return doc;
    }

    /** Deterministic ids, so the update run addresses exactly the documents the insert run wrote. */
    static ObjectId id(int i) {
        byte[] bytes = new byte[12];
        bytes[0] = 0x65;
        for (int b = 0; b < 4; b++) {
            bytes[11 - b] = (byte) (i >>> (8 * b));
        }
        return new ObjectId(bytes);
    }

    List<BsonDocument> all(boolean updated) {
        List<BsonDocument> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            docs.add(document(i, updated));
        }
        return docs;
    }
}
