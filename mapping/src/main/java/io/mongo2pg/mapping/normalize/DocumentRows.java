package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.Fields;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.OnMismatch;
import io.mongo2pg.mapping.model.SubdocumentMapping;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * The normalization of one document: walks its levels as the mapping's {@link Fields} say, collecting rows per
 * table. Each level first drops its excluded fields, then hands subdocuments and arrays to their tables, then
 * fills its typed columns; what is left is the level's catch-all.
 */
final class DocumentRows {
    private final Mapping mapping;
    private final CollectionMapping collection;
    private final DocumentContext context;
    private final StorableText text;
    private final Map<String, List<Row>> rowsByTable = new LinkedHashMap<>();

    DocumentRows(Mapping mapping, CollectionMapping collection, CollectionTables tables, DocumentContext context,
                 TextCheck check) {
        this.mapping = mapping;
        this.collection = collection;
        this.context = context;
        this.text = new StorableText(mapping.nulPolicy(), context, check);
        tables.all().forEach(t -> rowsByTable.put(t.name(), new ArrayList<>()));
    }

    List<Row> of(BsonDocument document) {
        BsonDocument rest = DocumentPaths.copyLevel(document);
        BsonValue id = text.storable(rest.remove(RelationalModel.ID), RelationalModel.ID);
        BsonDocument values = new BsonDocument(RelationalModel.ID, id);
        level(collection.fields(), rest, values, RowKey.root(id), "");
        rowsByTable.get(collection.table()).add(new Row(collection.table(), values));
        List<Row> rows = new ArrayList<>();
        rowsByTable.values().forEach(rows::addAll);
        return Collections.unmodifiableList(rows);
    }

    /**
     * Places the fields of one level; {@code values} receives its columns, {@code prefix} is its path in the document.
     * {@code rest} is this level's own copy ({@link DocumentPaths#copyLevel}): what is taken out of it is placed, what
     * stays is the catch-all. The values in it are the input document's, shared, and never changed.
     */
    private void level(Fields fields, BsonDocument rest, BsonDocument values, RowKey key, String prefix) {
        fields.excluded().forEach(path -> DocumentPaths.remove(rest, path));
        for (SubdocumentMapping sub : fields.subdocuments()) {
            subdocument(sub, rest, key, prefix);
        }
        for (ChildMapping child : fields.children()) {
            elements(rest, child.fieldPath(), prefix, "child table '" + child.table() + "'")
                    .ifPresent(array -> children(child, array, key, prefix + child.fieldPath()));
        }
        for (LinkMapping link : fields.links()) {
            ColumnMapping column = new ColumnMapping(link.fieldPath(), link.column(), link.type(), false);
            elements(rest, link.fieldPath(), prefix, "link table '" + link.table() + "'")
                    .ifPresent(array -> scalars(link.table(), column, array, key, prefix + link.fieldPath()));
        }
        for (ColumnMapping column : fields.columns()) {
            values.put(column.column(), columnValue(column, rest, prefix));
        }
        values.put(mapping.extraColumn(), rest.isEmpty() ? BsonNull.VALUE : text.storable(rest, prefix.isEmpty() ? ""
                : prefix.substring(0, prefix.length() - 1)));
    }

    private void subdocument(SubdocumentMapping sub, BsonDocument rest, RowKey key, String prefix) {
        BsonValue value = DocumentPaths.get(rest, sub.fieldPath());
        if (value == null || value.isNull()) {
            return; // absent stays absent; an explicit null stays in the catch-all
        }
        if (!value.isDocument()) {
            throw context.error(prefix + sub.fieldPath(), "expected a subdocument for 1:1 table '" + sub.table()
                    + "', found " + Normalizer.describe(value) + "; fix the document or map the field as jsonb");
        }
        DocumentPaths.take(rest, sub.fieldPath());
        BsonDocument values = key.columns();
        level(sub.fields(), DocumentPaths.copyLevel(value.asDocument()), values, key, prefix + sub.fieldPath() + ".");
        add(sub.table(), values);
    }

    /** The non-empty array at {@code path}, taken out of {@code rest}; null, absent and [] stay in the catch-all. */
    private Optional<BsonArray> elements(BsonDocument rest, String path, String prefix, String target) {
        BsonValue value = DocumentPaths.get(rest, path);
        if (value == null || value.isNull() || (value.isArray() && value.asArray().isEmpty())) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw context.error(prefix + path, "expected an array for " + target + ", found " + Normalizer.describe(value)
                    + "; fix the document or map the field as jsonb");
        }
        DocumentPaths.take(rest, path);
        return Optional.of(value.asArray());
    }

    private void children(ChildMapping child, BsonArray array, RowKey parent, String path) {
        if (child.isScalar()) {
            scalars(child.table(), child.value().get(), array, parent, path);
            return;
        }
        Map<List<BsonValue>, Integer> naturalKeys = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            BsonValue element = array.get(i);
            String elementPath = path + "." + i;
            if (!element.isDocument()) {
                throw context.error(elementPath, "expected a subdocument for child table '" + child.table() + "', found "
                        + Normalizer.describe(element) + "; fix the document or map the array as jsonb");
            }
            BsonDocument values = parent.element(i).columns();
            level(child.fields(), DocumentPaths.copyLevel(element.asDocument()), values, parent.element(i),
                    elementPath + ".");
            checkNaturalKey(child, values, naturalKeys, i, elementPath);
            add(child.table(), values);
        }
    }

    private void checkNaturalKey(ChildMapping child, BsonDocument values, Map<List<BsonValue>, Integer> seen, int ordinal,
                                 String elementPath) {
        if (child.key().isEmpty()) {
            return;
        }
        List<BsonValue> key = new ArrayList<>();
        for (String field : child.key()) {
            BsonValue value = values.get(child.fields().columnForField(field).orElseThrow().column());
            if (value == null || value.isNull()) {
                throw context.error(elementPath + "." + field, "the natural key of child table '" + child.table()
                        + "' is missing or null; every element needs it (or key the table by position)");
            }
            key.add(value);
        }
        Integer first = seen.putIfAbsent(key, ordinal);
        if (first != null) {
            throw context.error(elementPath, "natural key " + key.stream().map(Normalizer::describe).toList()
                    + " of child table '" + child.table() + "' is also the key of element " + first
                    + "; key the table by position if elements may repeat");
        }
    }

    private void scalars(String table, ColumnMapping column, BsonArray array, RowKey parent, String path) {
        for (int i = 0; i < array.size(); i++) {
            BsonValue element = array.get(i);
            String elementPath = path + "." + i;
            requireFit(column, element, elementPath);
            BsonDocument values = parent.element(i).columns();
            values.put(column.column(), text.storable(element, elementPath));
            add(table, values);
        }
    }

    private BsonValue columnValue(ColumnMapping column, BsonDocument rest, String prefix) {
        BsonValue value = DocumentPaths.take(rest, column.fieldPath());
        if (value == null) {
            return BsonNull.VALUE;
        }
        Optional<String> problem = ValueFit.problem(column.type(), column.binarySubtype(), value);
        if (problem.isPresent() && column.onMismatch() == OnMismatch.EXTRA) {
            DocumentPaths.put(rest, column.fieldPath(), value); // kept as it is, with its BSON type, in the catch-all
            return BsonNull.VALUE;
        }
        problem.ifPresent(p -> {
            throw misfit(value, prefix + column.fieldPath(), p);
        });
        return text.storable(value, prefix, column.fieldPath());
    }

    private void requireFit(ColumnMapping column, BsonValue value, String path) {
        ValueFit.problem(column.type(), column.binarySubtype(), value).ifPresent(problem -> {
            throw misfit(value, path, problem);
        });
    }

    private DocumentMappingException misfit(BsonValue value, String path, String problem) {
        return context.error(path, problem + ", found " + Normalizer.describe(value)
                + "; fix the document or map the field as jsonb");
    }

    private void add(String table, BsonDocument values) {
        rowsByTable.get(table).add(new Row(table, values));
    }
}
