package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns one MongoDB document into the rows of its tables, as the mapping says. Pure: no I/O, no state; the
 * document is not changed, and the rows share its values (BSON values are treated as immutable once normalized).
 *
 * <p>Every part of the document gets a home: mapped fields go to their typed columns, subdocuments and arrays
 * to 1:1, child and link tables (nested to any depth), and whatever is left (with its BSON types, as a
 * document) to each table's jsonb catch-all column; only fields excluded on purpose are left out. A value that
 * does not fit its column fails the whole document with a {@link DocumentMappingException} naming collection,
 * {@code _id}, field path, value and expected type; nothing is cast or dropped silently.
 */
public final class Normalizer {
    private final Mapping mapping;
    /**
     * Each collection's mapping and tables, looked up once: the mapping's own lookups search lists with streams,
     * which cost a twentieth of a small document's processing in the transformer.
     */
    private final Map<String, Collection> collections = new HashMap<>();

    private record Collection(CollectionMapping mapping, CollectionTables tables) {
    }

    public Normalizer(Mapping mapping) {
        this.mapping = mapping;
        RelationalModel model = RelationalModel.of(mapping);
        for (CollectionMapping collection : mapping.collections()) {
            collections.put(collection.collection(), new Collection(collection,
                    model.forCollection(collection.collection())));
        }
    }

    public RowSet upsert(String collection, BsonDocument document, SourcePosition source) {
        return upsert(collection, document, source, TextCheck.REQUIRED);
    }

    /** {@link #upsert(String, BsonDocument, SourcePosition)}, trusting {@code check} about the document's strings. */
    public RowSet upsert(String collection, BsonDocument document, SourcePosition source, TextCheck check) {
        List<Row> rows = normalize(collection, document, check);
        // The stored _id: the same as the document's unless 'nul: replace' had to change it.
        return new RowSet(collection, Operation.UPSERT, rows.get(0).get(RelationalModel.ID), source, rows);
    }

    /**
     * The rows of {@code document}: its root row first, then the rows of each dependent table in the order of
     * {@link io.mongo2pg.mapping.schema.CollectionTables#dependents()} (parents before children).
     */
    public List<Row> normalize(String collectionName, BsonDocument document) {
        return normalize(collectionName, document, TextCheck.REQUIRED);
    }

    private List<Row> normalize(String collectionName, BsonDocument document, TextCheck check) {
        Collection collection = collections.get(collectionName);
        if (collection == null) {
            throw new IllegalArgumentException("Collection '" + collectionName + "' is not in the mapping; mapped: "
                    + mapping.collectionNames());
        }
        DocumentContext context = DocumentContext.of(collection.mapping(), document);
        return new DocumentRows(mapping, collection.mapping(), collection.tables(), context, check).of(document);
    }

    static String describe(BsonValue value) {
        String json = ExtendedJson.canonical(value).replace("\0", "\\u0000");
        String shown = json.length() > 120 ? json.substring(0, 117) + "..." : json;
        return value.getBsonType().name().toLowerCase(Locale.ROOT) + " " + shown;
    }
}
