package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Which document is being normalized, so that every error can say where it happened. The {@code _id}'s text is
 * written only for an error: most documents have none.
 *
 * @param id the document's {@code _id}, or null when it has none
 */
record DocumentContext(String collection, BsonValue id) {
    static DocumentContext of(CollectionMapping mapping, BsonDocument document) {
        BsonValue id = document.get(RelationalModel.ID);
        DocumentContext context = new DocumentContext(mapping.collection(), id);
        if (id == null || id.isNull()) {
            throw context.error(RelationalModel.ID, "the document has no _id");
        }
        ValueFit.problem(mapping.idType(), (byte) 0, id).ifPresent(problem -> {
            throw context.error(RelationalModel.ID, problem + ", found " + Normalizer.describe(id)
                    + "; set 'id: {type: ...}' for this collection (jsonb takes an _id of any type)");
        });
        return context;
    }

    /** The {@code _id} as canonical Extended JSON (U+0000 escaped), or "(none)". */
    String documentId() {
        return id == null ? "(none)" : ExtendedJson.canonical(id).replace("\0", "\\u0000");
    }

    DocumentMappingException error(String fieldPath, String reason) {
        return new DocumentMappingException(collection, documentId(), fieldPath, reason);
    }
}
