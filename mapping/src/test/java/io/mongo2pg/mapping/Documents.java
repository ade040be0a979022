package io.mongo2pg.mapping;

import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonValue;

/** Document comparison for tests: PostgreSQL keeps no field order, so documents are compared with sorted fields. */
public final class Documents {
    private Documents() {
    }

    public static Object ordered(BsonValue value) {
        if (value.isDocument()) {
            Map<String, Object> map = new TreeMap<>();
            value.asDocument().forEach((k, v) -> map.put(k, ordered(v)));
            return map;
        }
        if (value.isArray()) {
            BsonArray array = value.asArray();
            return array.stream().map(Documents::ordered).toList();
        }
        return value;
    }
}
