package io.mongo2pg.cli.verify;

import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.List;
import java.util.TreeSet;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Compares two documents field by field, ignoring field order (PostgreSQL keeps none), and names each difference. */
final class DocumentDiff {
    private static final int MAX_SHOWN = 120;

    private DocumentDiff() {
    }

    static void compare(String collection, String id, BsonDocument mongo, BsonDocument postgres,
                        List<Difference> out) {
        document("", mongo, postgres, collection, id, out);
    }

    private static void document(String path, BsonDocument mongo, BsonDocument postgres, String collection, String id,
                                 List<Difference> out) {
        TreeSet<String> keys = new TreeSet<>(mongo.keySet());
        keys.addAll(postgres.keySet());
        for (String key : keys) {
            value(path.isEmpty() ? key : path + "." + key, mongo.get(key), postgres.get(key), collection, id, out);
        }
    }

    private static void value(String path, BsonValue mongo, BsonValue postgres, String collection, String id,
                              List<Difference> out) {
        if (mongo != null && postgres != null && mongo.isDocument() && postgres.isDocument()) {
            document(path, mongo.asDocument(), postgres.asDocument(), collection, id, out);
        } else if (mongo != null && postgres != null && mongo.isArray() && postgres.isArray()) {
            array(path, mongo.asArray(), postgres.asArray(), collection, id, out);
        } else if (mongo == null || !mongo.equals(postgres)) {
            out.add(new Difference(collection, id, path, show(mongo), show(postgres)));
        }
    }

    private static void array(String path, BsonArray mongo, BsonArray postgres, String collection, String id,
                              List<Difference> out) {
        for (int i = 0; i < Math.max(mongo.size(), postgres.size()); i++) {
            value(path + "." + i, i < mongo.size() ? mongo.get(i) : null, i < postgres.size() ? postgres.get(i) : null,
                    collection, id, out);
        }
    }

    static String show(BsonValue value) {
        if (value == null) {
            return Difference.MISSING;
        }
        String json = ExtendedJson.canonical(value);
        return json.length() > MAX_SHOWN ? json.substring(0, MAX_SHOWN - 3) + "..." : json;
    }
}
