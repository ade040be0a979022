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
        DocumentContext context = new DocumentContext(mapping.collection(), id == null ? "(none)"
                : ExtendedJson.canonical(id).replace("\0", "\\u0000"));
        if (id == null || id.isNull()) {
            throw context.error(RelationalModel.ID, "the document has no _id");
        }
        ValueFit.problem(mapping.idType(), (byte) 0, id).ifPresent(problem -> {
            throw context.error(RelationalModel.ID, problem + ", found " + Normalizer.describe(id)
                    + "; set 'id: {type: ...}' for this collection (jsonb takes an _id of any type)");
        });
        return context;
    }

    DocumentMappingException error(String fieldPath, String reason) {
        return new DocumentMappingException(collection, documentId, fieldPath, reason);
    }
}
