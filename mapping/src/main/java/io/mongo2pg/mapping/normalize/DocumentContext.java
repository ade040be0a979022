package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Which document is being normalized, so that every error can say where it happened. */
record DocumentContext(String collection, String documentId) {
    static DocumentContext of(CollectionMapping mapping, BsonDocument document) {
        BsonValue id = document.get(RelationalModel.ID);
        DocumentContext context = new DocumentContext(mapping.collection(), id == null ? "(none)" : ExtendedJson.canonical(id));
        if (id == null || id.isNull()) {
            throw context.error(RelationalModel.ID, "the document has no _id");
        }
        if (!mapping.idType().accepts(id)) {
            throw context.error(RelationalModel.ID, "expected " + mapping.idType().yamlName() + " (set 'id: {type: ...}' "
                    + "for this collection), found " + Normalizer.describe(id));
        }
        return context;
    }

    DocumentMappingException error(String fieldPath, String reason) {
        return new DocumentMappingException(collection, documentId, fieldPath, reason);
    }
}
