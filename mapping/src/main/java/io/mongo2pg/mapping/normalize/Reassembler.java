package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.util.Comparator;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The inverse of {@link Normalizer}: rows back into the document. {@code reassemble(normalize(doc))} equals
 * {@code doc} up to field order; verification compares MongoDB and PostgreSQL through it.
 */
public final class Reassembler {
    private final Mapping mapping;

    public Reassembler(Mapping mapping) {
        this.mapping = mapping;
    }

    /** Rebuilds one document from its root row and all its child and link rows (in any order). */
    public BsonDocument reassemble(String collectionName, List<Row> rows) {
        CollectionMapping collection = mapping.collection(collectionName).orElseThrow();
        Row root = rows.stream().filter(r -> r.table().equals(collection.table())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No root row of table " + collection.table()));
        BsonDocument document = restOf(root);
        document.put(RelationalModel.ID, root.get(RelationalModel.ID));
        putColumns(collection.columns(), root, document);
        for (ChildMapping child : collection.children()) {
            List<Row> elements = rowsOf(rows, child.table());
            if (!elements.isEmpty()) {
                BsonArray array = new BsonArray();
                elements.forEach(e -> array.add(element(child, e)));
                DocumentPaths.put(document, child.fieldPath(), array);
            }
        }
        for (LinkMapping link : collection.links()) {
            List<Row> elements = rowsOf(rows, link.table());
            if (!elements.isEmpty()) {
                BsonArray array = new BsonArray();
                elements.forEach(e -> array.add(e.get(link.column())));
                DocumentPaths.put(document, link.fieldPath(), array);
            }
        }
        return document;
    }

    private BsonDocument element(ChildMapping child, Row row) {
        BsonDocument element = restOf(row);
        putColumns(child.columns(), row, element);
        return element;
    }

    private BsonDocument restOf(Row row) {
        BsonValue extra = row.get(mapping.extraColumn());
        return extra == null || extra.isNull() ? new BsonDocument() : extra.asDocument().clone();
    }

    private static void putColumns(List<ColumnMapping> columns, Row row, BsonDocument target) {
        for (ColumnMapping column : columns) {
            BsonValue value = row.get(column.column());
            if (value != null && !value.isNull()) {
                DocumentPaths.put(target, column.fieldPath(), value);
            }
        }
    }

    private static List<Row> rowsOf(List<Row> rows, String table) {
        return rows.stream().filter(r -> r.table().equals(table))
                .sorted(Comparator.comparingInt(r -> r.get(RelationalModel.ORDINAL).asInt32().getValue()))
                .toList();
    }
}
