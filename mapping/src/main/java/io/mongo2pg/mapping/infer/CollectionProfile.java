package io.mongo2pg.mapping.infer;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** What was seen of one collection: its documents' fields and, apart, its {@code _id}. */
final class CollectionProfile {
    private final String name;
    private final LevelStats root;
    private final FieldStats id;

    CollectionProfile(String name, InferenceSettings settings) {
        this.name = name;
        this.root = new LevelStats(settings, true);
        this.id = new FieldStats(settings, true);
    }

    void observe(BsonDocument document) {
        BsonValue value = document.get("_id");
        if (value != null) {
            id.observe(value);
        }
        root.observe(document);
    }

    String name() {
        return name;
    }

    LevelStats root() {
        return root;
    }

    FieldStats id() {
        return id;
    }

    long documents() {
        return root.documents();
    }
}
