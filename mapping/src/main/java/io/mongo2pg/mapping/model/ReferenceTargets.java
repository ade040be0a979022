package io.mongo2pg.mapping.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a reference may point at, read before the collections are parsed (a reference may point at a
 * collection further down the file): each collection's {@code _id} and its root columns that declare a type.
 */
final class ReferenceTargets {
    private final Map<String, Map<String, Optional<ColumnType>>> fieldsByCollection;

    private ReferenceTargets(Map<String, Map<String, Optional<ColumnType>>> fieldsByCollection) {
        this.fieldsByCollection = fieldsByCollection;
    }

    static ReferenceTargets of(JsonNode collections) {
        Map<String, Map<String, Optional<ColumnType>>> all = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : YamlReader.entries(collections)) {
            Map<String, Optional<ColumnType>> fields = new LinkedHashMap<>();
            JsonNode id = c.getValue().path("id").path("type");
            fields.put("_id", id.isMissingNode() ? Optional.of(ColumnType.OBJECTID) : ColumnType.find(id.asText()));
            for (Map.Entry<String, JsonNode> column : YamlReader.entries(c.getValue().path("columns"))) {
                JsonNode type = column.getValue().isTextual() ? column.getValue() : column.getValue().path("type");
                fields.put(column.getKey(), type.isTextual() ? ColumnType.find(type.asText()) : Optional.empty());
            }
            all.put(c.getKey(), fields);
        }
        return new ReferenceTargets(all);
    }

    /** The column type of the referenced field, or empty with a problem recorded against {@code path}. */
    Optional<ColumnType> type(ColumnReference ref, String path, List<String> problems) {
        Map<String, Optional<ColumnType>> fields = fieldsByCollection.get(ref.collection());
        if (fields == null) {
            problems.add(path + ": collection '" + ref.collection() + "' is not in this mapping; add it under "
                    + "'collections' or reference one of " + List.copyOf(fieldsByCollection.keySet()));
            return Optional.empty();
        }
        Optional<ColumnType> type = fields.get(ref.field());
        if (type == null || (type.isEmpty() && !ref.field().equals("_id"))) {
            problems.add(path + ": field '" + ref.field() + "' of '" + ref.collection() + "' is not mapped to a root "
                    + "column with a type; map it there (with unique: true) or reference " + ref.collection() + "._id");
            return Optional.empty();
        }
        return type; // an unknown _id type is reported where it is declared
    }
}
