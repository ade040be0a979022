package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.Fields;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.SubdocumentMapping;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * The inverse of {@link Normalizer}: rows back into the document. {@code reassemble(normalize(doc))} equals
 * {@code doc} without its excluded fields, up to field order (PostgreSQL keeps no field order: neither the
 * columns nor jsonb do). Verification compares MongoDB and PostgreSQL through it.
 */
public final class Reassembler {
    private final Mapping mapping;

    public Reassembler(Mapping mapping) {
        this.mapping = mapping;
    }

    /** Rebuilds one document from its root row and all its dependent rows (in any order). */
    public BsonDocument reassemble(String collectionName, List<Row> rows) {
        CollectionMapping collection = mapping.collection(collectionName).orElseThrow(() -> new IllegalArgumentException(
                "Collection '" + collectionName + "' is not in the mapping; mapped: " + mapping.collectionNames()));
        Map<String, List<Row>> byTable = new HashMap<>();
        rows.forEach(r -> byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
        List<Row> roots = byTable.getOrDefault(collection.table(), List.of());
        if (roots.size() != 1) {
            throw new IllegalArgumentException("Expected one row of root table " + collection.table() + ", found "
                    + roots.size());
        }
        Row root = roots.get(0);
        BsonDocument document = level(collection.fields(), root.values(), List.of(), byTable);
        document.put(RelationalModel.ID, root.get(RelationalModel.ID));
        return document;
    }

    /** One level of the document, from its row's values and the rows below it at {@code ordinals}. */
    private BsonDocument level(Fields fields, BsonDocument values, List<Integer> ordinals, Map<String, List<Row>> byTable) {
        BsonDocument document = restOf(values);
        for (ColumnMapping column : fields.columns()) {
            BsonValue value = values.get(column.column());
            if (value != null && !value.isNull()) {
                DocumentPaths.put(document, column.fieldPath(), value);
            }
        }
        for (SubdocumentMapping sub : fields.subdocuments()) {
            List<Row> found = rowsAt(byTable, sub.table(), ordinals, ordinals.size());
            if (!found.isEmpty()) {
                DocumentPaths.put(document, sub.fieldPath(), level(sub.fields(), found.get(0).values(), ordinals, byTable));
            }
        }
        for (ChildMapping child : fields.children()) {
            List<Row> elements = rowsAt(byTable, child.table(), ordinals, ordinals.size() + 1);
            if (!elements.isEmpty()) {
                BsonArray array = new BsonArray();
                for (Row element : elements) {
                    array.add(child.isScalar() ? valueOf(element, child.value().get().column())
                            : level(child.fields(), element.values(), ordinalsOf(element, ordinals.size() + 1), byTable));
                }
                DocumentPaths.put(document, child.fieldPath(), array);
            }
        }
        for (LinkMapping link : fields.links()) {
            List<Row> elements = rowsAt(byTable, link.table(), ordinals, ordinals.size() + 1);
            if (!elements.isEmpty()) {
                BsonArray array = new BsonArray();
                elements.forEach(e -> array.add(valueOf(e, link.column())));
                DocumentPaths.put(document, link.fieldPath(), array);
            }
        }
        return document;
    }

    /** The rows of {@code table} under the parent row at {@code parentOrdinals}, in array order. */
    private static List<Row> rowsAt(Map<String, List<Row>> byTable, String table, List<Integer> parentOrdinals,
                                    int depth) {
        return byTable.getOrDefault(table, List.of()).stream()
                .filter(r -> ordinalsOf(r, depth).subList(0, parentOrdinals.size()).equals(parentOrdinals))
                .sorted(Comparator.comparing(r -> ordinalsOf(r, depth), Reassembler::compareOrdinals))
                .toList();
    }

    private static List<Integer> ordinalsOf(Row row, int depth) {
        return RowKey.ordinalsOf(row.values(), depth);
    }

    private static int compareOrdinals(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** A missing value column is SQL NULL, which stands for a BSON null element. */
    private static BsonValue valueOf(Row row, String column) {
        BsonValue value = row.get(column);
        return value == null ? BsonNull.VALUE : value;
    }

    private BsonDocument restOf(BsonDocument values) {
        BsonValue extra = values.get(mapping.extraColumn());
        return extra == null || extra.isNull() ? new BsonDocument() : extra.asDocument().clone();
    }
}
