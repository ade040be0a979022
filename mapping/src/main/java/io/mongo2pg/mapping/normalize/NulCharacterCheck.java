package io.mongo2pg.mapping.normalize;

import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * PostgreSQL text and jsonb cannot hold U+0000. Rather than strip it (a silent change of the data), a
 * document with NUL in any string or field name is rejected with the path, and goes to the dead letters.
 */
final class NulCharacterCheck {
    private NulCharacterCheck() {
    }

    static void check(BsonDocument document, DocumentContext context) {
        checkDocument(document, "", context);
    }

    private static void checkDocument(BsonDocument document, String prefix, DocumentContext context) {
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            String path = prefix + field.getKey();
            if (field.getKey().indexOf('\0') >= 0) {
                throw context.error(path, "the field name contains U+0000, which PostgreSQL cannot store");
            }
            checkValue(field.getValue(), path, context);
        }
    }

    private static void checkValue(BsonValue value, String path, DocumentContext context) {
        if (value.isString() && value.asString().getValue().indexOf('\0') >= 0) {
            throw context.error(path, "the string contains U+0000, which PostgreSQL text and jsonb cannot store");
        } else if (value.isDocument()) {
            checkDocument(value.asDocument(), path + ".", context);
        } else if (value.isArray()) {
            BsonArray array = value.asArray();
            for (int i = 0; i < array.size(); i++) {
                checkValue(array.get(i), path + "." + i, context);
            }
        }
    }
}
