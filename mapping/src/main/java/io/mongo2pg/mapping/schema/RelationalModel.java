package io.mongo2pg.mapping.schema;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.Fields;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.SubdocumentMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables a mapping produces. Tables of subdocuments have a jsonb catch-all column; dependent tables are
 * keyed by the root's id and the element's ordinal path (see {@link TableKeys}), so replacing a document's
 * rows replaces exactly its rows. {@link CollectionTables#dependents()} lists parents before their children.
 */
public final class RelationalModel {
    public static final String ID = "_id";
    public static final String ROOT_ID = "_root_id";
    public static final String ORDINAL = "_ord";

    private final Mapping mapping;
    private final List<CollectionTables> collections;

    private RelationalModel(Mapping mapping, List<CollectionTables> collections) {
        this.mapping = mapping;
        this.collections = List.copyOf(collections);
    }

    public static RelationalModel of(Mapping mapping) {
        List<CollectionTables> tables = mapping.collections().stream()
                .map(c -> new Builder(c, mapping.extraColumn()).build()).toList();
        return new RelationalModel(mapping, tables);
    }

    public Mapping mapping() {
        return mapping;
    }

    public List<CollectionTables> collections() {
        return collections;
    }

    public CollectionTables forCollection(String collection) {
        return collections.stream().filter(c -> c.collection().equals(collection)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Collection '" + collection
                        + "' is not in the mapping; mapped collections: " + mapping.collectionNames()));
    }

    public List<TableDef> allTables() {
        return collections.stream().flatMap(c -> c.all().stream()).toList();
    }

    public Optional<TableDef> table(String name) {
        return allTables().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Foreign keys between collections (reference columns and link tables), created only at cutover (see DESIGN.md). */
    public List<CrossReference> crossReferences() {
        List<CrossReference> refs = new ArrayList<>();
        for (CollectionMapping c : mapping.collections()) {
            collectReferences(c.table(), c.fields(), refs);
        }
        return refs;
    }

    private void collectReferences(String table, Fields fields, List<CrossReference> refs) {
        for (ColumnMapping column : fields.columns()) {
            column.references().ifPresent(r -> refs.add(reference(table, column.column(), r.collection(), r.field())));
        }
        fields.subdocuments().forEach(s -> collectReferences(s.table(), s.fields(), refs));
        for (ChildMapping child : fields.children()) {
            child.value().flatMap(ColumnMapping::references).ifPresent(r ->
                    refs.add(reference(child.table(), child.value().get().column(), r.collection(), r.field())));
            collectReferences(child.table(), child.fields(), refs);
        }
        for (LinkMapping link : fields.links()) {
            refs.add(reference(link.table(), link.column(), link.referencedCollection(), link.referencedField()));
        }
    }

    private CrossReference reference(String table, String column, String collection, String field) {
        CollectionMapping target = mapping.collection(collection).orElseThrow();
        String targetColumn = field.equals(ID) ? ID : target.columnForField(field).orElseThrow().column();
        return new CrossReference(table, column, target.table(), targetColumn);
    }

    /** Walks one collection's mapping, emitting each table before the tables nested in it. */
    private static final class Builder {
        private final CollectionMapping collection;
        private final String extraColumn;
        private final List<TableDef> dependents = new ArrayList<>();

        Builder(CollectionMapping collection, String extraColumn) {
            this.collection = collection;
            this.extraColumn = extraColumn;
        }

        CollectionTables build() {
            List<ColumnDef> columns = new ArrayList<>();
            columns.add(ColumnDef.key(ID, collection.idType()));
            collection.columns().forEach(c -> columns.add(columnOf(c, false)));
            columns.add(ColumnDef.nullable(extraColumn, ColumnType.JSONB));
            TableDef root = new TableDef(collection.table(), TableKind.ROOT, columns, List.of(ID), Optional.empty());
            nested(collection.fields(), collection.table(), 0);
            return new CollectionTables(collection.collection(), root, dependents);
        }

        private void nested(Fields fields, String parent, int depth) {
            for (SubdocumentMapping sub : fields.subdocuments()) {
                dependents.add(subdocumentTable(sub, parent, depth));
                nested(sub.fields(), sub.table(), depth);
            }
            for (ChildMapping child : fields.children()) {
                dependents.add(childTable(child, parent, depth));
                nested(child.fields(), child.table(), depth + 1);
            }
            for (LinkMapping link : fields.links()) {
                List<ColumnDef> columns = keyColumns(depth + 1);
                columns.add(ColumnDef.nullable(link.column(), link.type()));
                dependents.add(dependent(link.table(), TableKind.LINK, columns, TableKeys.dependentKey(depth + 1),
                        parent, depth, depth + 1, List.of()));
            }
        }

        private TableDef subdocumentTable(SubdocumentMapping sub, String parent, int depth) {
            List<ColumnDef> columns = keyColumns(depth);
            sub.fields().columns().forEach(c -> columns.add(columnOf(c, false)));
            columns.add(ColumnDef.nullable(extraColumn, ColumnType.JSONB));
            return dependent(sub.table(), TableKind.ONE_TO_ONE, columns, TableKeys.dependentKey(depth), parent, depth,
                    depth, List.of());
        }

        private TableDef childTable(ChildMapping child, String parent, int depth) {
            List<ColumnDef> columns = keyColumns(depth + 1);
            List<String> ordinalKey = TableKeys.dependentKey(depth + 1);
            if (child.isScalar()) {
                columns.add(columnOf(child.value().get(), false));
                return dependent(child.table(), TableKind.CHILD, columns, ordinalKey, parent, depth, depth + 1, List.of());
            }
            child.columns().forEach(c -> columns.add(columnOf(c, child.key().contains(c.fieldPath()))));
            columns.add(ColumnDef.nullable(extraColumn, ColumnType.JSONB));
            if (child.key().isEmpty()) {
                return dependent(child.table(), TableKind.CHILD, columns, ordinalKey, parent, depth, depth + 1, List.of());
            }
            List<String> naturalKey = new ArrayList<>(TableKeys.dependentKey(depth));
            child.key().forEach(k -> naturalKey.add(child.fields().columnForField(k).orElseThrow().column()));
            return dependent(child.table(), TableKind.CHILD, columns, naturalKey, parent, depth, depth + 1,
                    List.of(ordinalKey));
        }

        private TableDef dependent(String name, TableKind kind, List<ColumnDef> columns, List<String> primaryKey,
                                   String parent, int parentDepth, int depth, List<List<String>> alternateKeys) {
            boolean parentIsRoot = parent.equals(collection.table());
            return new TableDef(name, kind, columns, primaryKey, Optional.of(parent),
                    TableKeys.parentColumns(depth, parentDepth), TableKeys.parentRowKey(parentDepth, parentIsRoot),
                    alternateKeys);
        }

        private List<ColumnDef> keyColumns(int depth) {
            List<ColumnDef> columns = new ArrayList<>();
            columns.add(ColumnDef.key(ROOT_ID, collection.idType()));
            TableKeys.ordinalColumns(depth).forEach(o -> columns.add(ColumnDef.key(o, ColumnType.INTEGER)));
            return columns;
        }

        private static ColumnDef columnOf(ColumnMapping col, boolean key) {
            return new ColumnDef(col.column(), col.type(), key, col.unique());
        }
    }
}
