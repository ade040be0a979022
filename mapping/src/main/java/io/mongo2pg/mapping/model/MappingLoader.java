package io.mongo2pg.mapping.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a mapping YAML file into an immutable {@link Mapping}. Every problem is collected and reported
 * at once against its YAML path, then {@link MappingValidator} checks the whole model.
 */
public final class MappingLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("collections", "extraColumn");
    private static final Set<String> COLLECTION_KEYS = Set.of("table", "id", "columns", "children", "links");
    private static final Set<String> COLUMN_KEYS = Set.of("type", "column", "unique");
    private static final Set<String> CHILD_KEYS = Set.of("table", "columns");
    private static final Set<String> LINK_KEYS = Set.of("table", "references", "column");

    private final List<String> problems = new ArrayList<>();

    private MappingLoader() {
    }

    public static Mapping load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read mapping file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Mapping load(InputStream yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new MappingException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        MappingLoader loader = new MappingLoader();
        Mapping mapping = loader.resolveLinks(loader.mapping(root));
        if (loader.problems.isEmpty()) {
            loader.problems.addAll(MappingValidator.validate(mapping));
        }
        if (!loader.problems.isEmpty()) {
            throw new MappingException(source, loader.problems);
        }
        return mapping;
    }

    private Mapping mapping(JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add("(top): expected a YAML mapping with a 'collections' key");
            return new Mapping(List.of(), Mapping.DEFAULT_EXTRA_COLUMN);
        }
        checkKeys(root, "", TOP_KEYS);
        String extra = text(root, "extraColumn", "", Mapping.DEFAULT_EXTRA_COLUMN);
        JsonNode collections = root.path("collections");
        if (!collections.isObject() || collections.isEmpty()) {
            problems.add("collections: expected at least one collection, e.g. 'collections: {accounts: {}}'");
        }
        List<CollectionMapping> parsed = new ArrayList<>();
        fields(collections).forEach(e -> parsed.add(collection(e.getKey(), e.getValue(), "collections." + e.getKey())));
        return new Mapping(parsed, extra);
    }

    private CollectionMapping collection(String name, JsonNode node, String path) {
        checkKeys(node, path, COLLECTION_KEYS);
        String table = text(node, "table", path, name);
        ColumnType idType = type(node.path("id").path("type"), path + ".id.type", ColumnType.OBJECTID);
        List<ColumnMapping> columns = columns(node.path("columns"), path + ".columns");
        List<ChildMapping> children = new ArrayList<>();
        fields(node.path("children")).forEach(e -> children.add(child(e.getKey(), e.getValue(), path + ".children." + e.getKey())));
        List<LinkMapping> links = new ArrayList<>();
        fields(node.path("links")).forEach(e -> links.add(link(e.getKey(), e.getValue(), path + ".links." + e.getKey())));
        return new CollectionMapping(name, table, idType, columns, children, links);
    }

    private List<ColumnMapping> columns(JsonNode node, String path) {
        List<ColumnMapping> columns = new ArrayList<>();
        fields(node).forEach(e -> {
            String at = path + "." + e.getKey();
            checkKeys(e.getValue(), at, COLUMN_KEYS);
            ColumnType type = type(e.getValue().path("type"), at + ".type", null);
            String column = text(e.getValue(), "column", at, ColumnMapping.defaultColumnName(e.getKey()));
            boolean unique = e.getValue().path("unique").asBoolean(false);
            if (type != null) {
                columns.add(new ColumnMapping(e.getKey(), column, type, unique));
            }
        });
        return columns;
    }

    private ChildMapping child(String field, JsonNode node, String path) {
        checkKeys(node, path, CHILD_KEYS);
        String table = text(node, "table", path, null);
        if (table == null) {
            problems.add(path + ".table: a child table needs a name, e.g. 'table: " + field.replace('.', '_') + "'");
        }
        return new ChildMapping(field, table, columns(node.path("columns"), path + ".columns"));
    }

    private LinkMapping link(String field, JsonNode node, String path) {
        checkKeys(node, path, LINK_KEYS);
        String table = text(node, "table", path, null);
        String references = text(node, "references", path, null);
        if (table == null) {
            problems.add(path + ".table: a link table needs a name, e.g. 'table: " + field.replace('.', '_') + "'");
        }
        if (references == null || !references.contains(".")) {
            problems.add(path + ".references: expected 'collection.field' (e.g. 'accounts.account_id'), found '"
                    + references + "'");
            return new LinkMapping(field, table, null, null, null, null);
        }
        int dot = references.indexOf('.');
        String refField = references.substring(dot + 1);
        String column = text(node, "column", path, ColumnMapping.defaultColumnName(refField.equals("_id")
                ? references.substring(0, dot) + "_id" : refField));
        // The type is resolved by the validator once every collection is known.
        return new LinkMapping(field, table, references.substring(0, dot), refField, column, null);
    }

    /** Gives each link the column type of the field it references, which may be in a later collection. */
    private Mapping resolveLinks(Mapping parsed) {
        List<CollectionMapping> resolved = new ArrayList<>();
        for (CollectionMapping c : parsed.collections()) {
            List<LinkMapping> links = c.links().stream().map(l -> resolveLink(parsed, c, l)).toList();
            resolved.add(new CollectionMapping(c.collection(), c.table(), c.idType(), c.columns(), c.children(), links));
        }
        return new Mapping(resolved, parsed.extraColumn());
    }

    private LinkMapping resolveLink(Mapping mapping, CollectionMapping owner, LinkMapping link) {
        if (link.referencedCollection() == null) {
            return link;
        }
        String path = "collections." + owner.collection() + ".links." + link.fieldPath() + ".references";
        var target = mapping.collection(link.referencedCollection());
        if (target.isEmpty()) {
            problems.add(path + ": collection '" + link.referencedCollection() + "' is not in this mapping; add it "
                    + "under 'collections' or reference one of " + mapping.collectionNames());
            return link;
        }
        ColumnType type = link.referencedField().equals("_id") ? target.get().idType()
                : target.get().columnForField(link.referencedField()).map(ColumnMapping::type).orElse(null);
        if (type == null) {
            problems.add(path + ": field '" + link.referencedField() + "' of '" + link.referencedCollection()
                    + "' is not mapped to a column; map it (with unique: true) or reference _id");
            return link;
        }
        return new LinkMapping(link.fieldPath(), link.table(), link.referencedCollection(), link.referencedField(),
                link.column(), type);
    }

    private ColumnType type(JsonNode node, String path, ColumnType fallback) {
        if (node.isMissingNode() || node.isNull()) {
            if (fallback == null) {
                problems.add(path + ": missing; use one of: " + ColumnType.allowedNames());
            }
            return fallback;
        }
        return ColumnType.find(node.asText()).orElseGet(() -> {
            problems.add(path + ": unknown type '" + node.asText() + "'; use one of: " + ColumnType.allowedNames());
            return fallback;
        });
    }

    private String text(JsonNode node, String key, String path, String fallback) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(prefix(path) + key + ": expected a non-empty name, found '" + value + "'");
            return fallback;
        }
        return value.asText();
    }

    private void checkKeys(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            if (!node.isMissingNode() && !node.isNull()) {
                problems.add(path + ": expected a mapping of " + new TreeSet<>(allowed) + ", found '" + node + "'");
            }
            return;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(prefix(path) + key + ": unknown key; allowed here: " + new TreeSet<>(allowed));
            }
        });
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
