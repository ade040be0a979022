package io.mongo2pg.mapping.schema;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables a mapping produces. Every table has a jsonb catch-all column; child and link tables are keyed
 * by the root's id and the element's position, so replacing a document's array replaces exactly its rows.
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
                .map(c -> tablesOf(c, mapping.extraColumn())).toList();
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

    /** Foreign keys between collections, created only at cutover (see DESIGN.md). */
    public List<CrossReference> crossReferences() {
        List<CrossReference> refs = new ArrayList<>();
        for (CollectionMapping c : mapping.collections()) {
            for (LinkMapping link : c.links()) {
                CollectionMapping target = mapping.collection(link.referencedCollection()).orElseThrow();
                String targetColumn = link.referencedField().equals(ID) ? ID
                        : target.columnForField(link.referencedField()).orElseThrow().column();
                refs.add(new CrossReference(link.table(), link.column(), target.table(), targetColumn));
            }
        }
        return refs;
    }

    private static CollectionTables tablesOf(CollectionMapping c, String extraColumn) {
        List<ColumnDef> rootColumns = new ArrayList<>();
        rootColumns.add(ColumnDef.key(ID, c.idType()));
        c.columns().forEach(col -> rootColumns.add(columnOf(col)));
        rootColumns.add(ColumnDef.nullable(extraColumn, ColumnType.JSONB));
        TableDef root = new TableDef(c.table(), TableKind.ROOT, rootColumns, List.of(ID), Optional.empty());

        List<TableDef> dependents = new ArrayList<>();
        c.children().forEach(child -> dependents.add(childTable(c, child, extraColumn)));
        c.links().forEach(link -> dependents.add(linkTable(c, link)));
        return new CollectionTables(c.collection(), root, dependents);
    }

    private static TableDef childTable(CollectionMapping root, ChildMapping child, String extraColumn) {
        List<ColumnDef> columns = new ArrayList<>(elementKey(root));
        child.columns().forEach(col -> columns.add(columnOf(col)));
        columns.add(ColumnDef.nullable(extraColumn, ColumnType.JSONB));
        return new TableDef(child.table(), TableKind.CHILD, columns, List.of(ROOT_ID, ORDINAL),
                Optional.of(root.table()));
    }

    private static TableDef linkTable(CollectionMapping root, LinkMapping link) {
        List<ColumnDef> columns = new ArrayList<>(elementKey(root));
        columns.add(ColumnDef.nullable(link.column(), link.type()));
        return new TableDef(link.table(), TableKind.LINK, columns, List.of(ROOT_ID, ORDINAL), Optional.of(root.table()));
    }

    private static List<ColumnDef> elementKey(CollectionMapping root) {
        return List.of(ColumnDef.key(ROOT_ID, root.idType()), ColumnDef.key(ORDINAL, ColumnType.INTEGER));
    }

    private static ColumnDef columnOf(ColumnMapping col) {
        return new ColumnDef(col.column(), col.type(), false, col.unique());
    }
}
