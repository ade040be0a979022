package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Fields;
import io.mongo2pg.mapping.model.SubdocumentMapping;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * A document as the inverse gives it back: without the fields the mapping excludes on purpose, at every level.
 * What verification compares a MongoDB document against, and what the round-trip invariant is stated on.
 */
public final class ExcludedFields {
    private ExcludedFields() {
    }

    /** A copy of {@code document} without its excluded fields; the document itself is not changed. */
    public static BsonDocument without(CollectionMapping collection, BsonDocument document) {
        BsonDocument copy = document.clone();
        strip(collection.fields(), copy);
        return copy;
    }

    private static void strip(Fields fields, BsonDocument level) {
        fields.excluded().forEach(path -> DocumentPaths.remove(level, path));
        for (SubdocumentMapping sub : fields.subdocuments()) {
            BsonValue value = DocumentPaths.get(level, sub.fieldPath());
            if (value != null && value.isDocument()) {
                strip(sub.fields(), value.asDocument());
            }
        }
        for (ChildMapping child : fields.children()) {
            BsonValue value = DocumentPaths.get(level, child.fieldPath());
            if (value != null && value.isArray() && !child.isScalar()) {
                value.asArray().stream().filter(BsonValue::isDocument).forEach(e -> strip(child.fields(), e.asDocument()));
            }
        }
    }
}
