package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.CrossReference;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entity-relationship view of a mapping's tables, the one model both the Mermaid source and the SVG are drawn
 * from: per collection its tables in tree order (each with its nesting depth), each column with its keys, the
 * foreign keys to parent rows and the cross-collection references created at cutover.
 */
public record ErDiagram(List<Lane> lanes, List<Edge> parentEdges, List<Edge> references) {
    /** One collection's tables, root first, each table before the tables nested in it. */
    public record Lane(String collection, List<Box> boxes) {
    }

    /** A table; {@code depth} is how many tables it hangs below the root. */
    public record Box(String table, TableKind kind, int depth, List<Field> fields) {
    }

    /** A column with its type and whether it is part of the primary key or of a foreign key. */
    public record Field(String name, String type, boolean primaryKey, boolean foreignKey) {
        String keys() {
            return primaryKey && foreignKey ? "PK,FK" : primaryKey ? "PK" : foreignKey ? "FK" : "";
        }
    }

    /** A foreign key from {@code column} of {@code table} to {@code targetColumn} of {@code target}. */
    public record Edge(String table, String column, String target, String targetColumn, TableKind kind) {
    }

    public static ErDiagram of(RelationalModel model) {
        List<Lane> lanes = new ArrayList<>();
        List<Edge> parents = new ArrayList<>();
        List<Edge> refs = model.crossReferences().stream().map(r -> new Edge(r.table(), r.column(), r.referencedTable(),
                r.referencedColumn(), TableKind.ROOT)).toList();
        Map<String, Set<String>> fkColumns = new HashMap<>();
        for (CrossReference r : model.crossReferences()) {
            fkColumns.computeIfAbsent(r.table(), t -> new java.util.HashSet<>()).add(r.column());
        }
        for (CollectionTables collection : model.collections()) {
            Map<String, Integer> depths = new HashMap<>();
            List<Box> boxes = new ArrayList<>();
            for (TableDef table : collection.all()) {
                int depth = table.parentTable().map(p -> depths.get(p) + 1).orElse(0);
                depths.put(table.name(), depth);
                table.parentTable().ifPresent(p -> parents.add(new Edge(table.name(), table.parentColumns().get(0), p,
                        table.parentKey().get(0), table.kind())));
                boxes.add(new Box(table.name(), table.kind(), depth, fields(table, fkColumns.getOrDefault(table.name(),
                        Set.of()))));
            }
            lanes.add(new Lane(collection.collection(), boxes));
        }
        return new ErDiagram(nextToTheirTargets(lanes, model), parents, refs);
    }

    /** Each collection followed by the collections it references, so reference lines stay short. */
    private static List<Lane> nextToTheirTargets(List<Lane> lanes, RelationalModel model) {
        Map<String, String> collectionOfTable = new HashMap<>();
        model.collections().forEach(c -> c.all().forEach(t -> collectionOfTable.put(t.name(), c.collection())));
        Map<String, Lane> byCollection = new java.util.LinkedHashMap<>();
        lanes.forEach(l -> byCollection.put(l.collection(), l));
        java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
        for (Lane lane : lanes) {
            order.add(lane.collection());
            for (CrossReference r : model.crossReferences()) {
                if (collectionOfTable.get(r.table()).equals(lane.collection())) {
                    order.add(collectionOfTable.get(r.referencedTable()));
                }
            }
        }
        return order.stream().map(byCollection::get).toList();
    }

    private static List<Field> fields(TableDef table, Set<String> references) {
        return table.columns().stream().map((ColumnDef c) -> new Field(c.name(), c.type().sqlType(),
                table.primaryKey().contains(c.name()), table.parentColumns().contains(c.name()) || references.contains(c.name())))
                .toList();
    }
}
