package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * Turns one MongoDB document into the rows of its tables, as the mapping says. Pure: no I/O, no state.
 *
 * <p>Every part of the document gets a home: mapped fields go to their typed columns, arrays to child or
 * link tables, and whatever is left (with its BSON types, as a document) to the table's jsonb catch-all
 * column. A value that does not fit its column fails the whole document with a
 * {@link DocumentMappingException}; nothing is cast or dropped silently.
 */
public final class Normalizer {
    private final Mapping mapping;

    public Normalizer(Mapping mapping) {
        this.mapping = mapping;
    }

    public RowSet upsert(String collection, BsonDocument document, SourcePosition source) {
        BsonValue id = document.get(RelationalModel.ID);
        return new RowSet(collection, Operation.UPSERT, id == null ? BsonNull.VALUE : id, source,
                normalize(collection, document));
    }

    /** The rows of {@code document}: its root row first, then child and link rows in mapping order. */
    public List<Row> normalize(String collectionName, BsonDocument document) {
        CollectionMapping collection = mapping.collection(collectionName).orElseThrow(() -> new IllegalArgumentException(
                "Collection '" + collectionName + "' is not in the mapping; mapped: " + mapping.collectionNames()));
        DocumentContext context = DocumentContext.of(collection, document);
        NulCharacterCheck.check(document, context);

        BsonDocument rest = document.clone();
        BsonValue id = rest.remove(RelationalModel.ID);
        BsonDocument rootValues = new BsonDocument(RelationalModel.ID, id);
        List<Row> dependents = new ArrayList<>();
        for (ChildMapping child : collection.children()) {
            dependents.addAll(childRows(child, id, DocumentPaths.take(rest, child.fieldPath()), context));
        }
        for (LinkMapping link : collection.links()) {
            dependents.addAll(linkRows(link, id, DocumentPaths.take(rest, link.fieldPath()), context));
        }
        putColumns(collection.columns(), rest, rootValues, "", context);
        rootValues.put(mapping.extraColumn(), extraValue(rest));

        List<Row> rows = new ArrayList<>();
        rows.add(new Row(collection.table(), rootValues));
        rows.addAll(dependents);
        return rows;
    }

    private void putColumns(List<ColumnMapping> columns, BsonDocument source, BsonDocument values, String pathPrefix,
                            DocumentContext context) {
        for (ColumnMapping column : columns) {
            BsonValue value = DocumentPaths.take(source, column.fieldPath());
            if (value == null) {
                values.put(column.column(), BsonNull.VALUE);
                continue;
            }
            requireFits(column.type(), value, pathPrefix + column.fieldPath(), context);
            values.put(column.column(), value);
        }
    }

    private List<Row> childRows(ChildMapping child, BsonValue rootId, BsonValue array, DocumentContext context) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, BsonValue> element : elements(array, child.fieldPath(), "child table '" + child.table()
                + "' (an array of subdocuments)", context)) {
            String path = child.fieldPath() + "." + element.getKey();
            if (!element.getValue().isDocument()) {
                throw context.error(path, "expected a subdocument for child table '" + child.table() + "', found "
                        + describe(element.getValue()));
            }
            BsonDocument rest = element.getValue().asDocument().clone();
            BsonDocument values = elementKey(rootId, element.getKey());
            putColumns(child.columns(), rest, values, path + ".", context);
            values.put(mapping.extraColumn(), extraValue(rest));
            rows.add(new Row(child.table(), values));
        }
        return rows;
    }

    private List<Row> linkRows(LinkMapping link, BsonValue rootId, BsonValue array, DocumentContext context) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, BsonValue> element : elements(array, link.fieldPath(), "link table '" + link.table()
                + "' (an array of references)", context)) {
            requireFits(link.type(), element.getValue(), link.fieldPath() + "." + element.getKey(), context);
            BsonDocument values = elementKey(rootId, element.getKey());
            values.put(link.column(), element.getValue());
            rows.add(new Row(link.table(), values));
        }
        return rows;
    }

    private static List<Map.Entry<Integer, BsonValue>> elements(BsonValue array, String path, String target,
                                                                DocumentContext context) {
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw context.error(path, "expected an array for " + target + ", found " + describe(array));
        }
        BsonArray values = array.asArray();
        List<Map.Entry<Integer, BsonValue>> indexed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            indexed.add(Map.entry(i, values.get(i)));
        }
        return indexed;
    }

    private static BsonDocument elementKey(BsonValue rootId, int ordinal) {
        return new BsonDocument(RelationalModel.ROOT_ID, rootId).append(RelationalModel.ORDINAL, new BsonInt32(ordinal));
    }

    private static BsonValue extraValue(BsonDocument rest) {
        return rest.isEmpty() ? BsonNull.VALUE : rest;
    }

    private static void requireFits(ColumnType type, BsonValue value, String path, DocumentContext context) {
        if (!type.accepts(value)) {
            throw context.error(path, "expected " + type.yamlName() + " (column type " + type.sqlType()
                    + "), found " + describe(value) + "; fix the document or map the field as jsonb");
        }
    }

    static String describe(BsonValue value) {
        String json = ExtendedJson.canonical(value);
        String shown = json.length() > 120 ? json.substring(0, 117) + "..." : json;
        return value.getBsonType().name().toLowerCase() + " " + shown;
    }
}
