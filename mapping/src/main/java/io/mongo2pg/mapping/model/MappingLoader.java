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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a mapping YAML file into an immutable {@link Mapping}. Every problem is collected against its YAML path
 * (an entry that cannot be read is left out of the model), then {@link MappingValidator} checks the whole model,
 * and all problems are reported at once.
 */
public final class MappingLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("collections", "extraColumn", "separator", "nul");
    private static final Set<String> FIELD_KEYS = Set.of("columns", "subdocuments", "children", "links", "exclude");
    private static final Set<String> COLLECTION_KEYS = union(FIELD_KEYS, "table", "id");
    private static final Set<String> SUBDOCUMENT_KEYS = union(FIELD_KEYS, "table");
    private static final Set<String> CHILD_KEYS = union(FIELD_KEYS, "table", "key", "value");
    private static final Set<String> LINK_KEYS = Set.of("table", "references", "column");
    private static final Set<String> COLUMN_KEYS = Set.of("type", "column", "unique", "references", "onMismatch", "subtype");
    private static final Set<String> ID_KEYS = Set.of("type");

    private final List<String> problems = new ArrayList<>();
    private final YamlReader read = new YamlReader(problems);
    private ReferenceTargets targets;
    private String separator = Mapping.DEFAULT_SEPARATOR;

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
            throw new MappingException(source, List.of("(file): not valid YAML: " + e.getMessage()));
        }
        MappingLoader loader = new MappingLoader();
        Mapping mapping = loader.mapping(root);
        loader.problems.addAll(MappingValidator.validate(mapping));
        if (!loader.problems.isEmpty()) {
            throw new MappingException(source, loader.problems);
        }
        return mapping;
    }

    private Mapping mapping(JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add("(top): expected a YAML mapping with a 'collections' key, e.g. 'collections: {orders: {}}'");
            return new Mapping(List.of(), Mapping.DEFAULT_EXTRA_COLUMN);
        }
        read.checkKeys(root, "", TOP_KEYS);
        String extra = read.name(root, "extraColumn", "", Mapping.DEFAULT_EXTRA_COLUMN);
        separator = read.string(root, "separator", "", Mapping.DEFAULT_SEPARATOR);
        NulPolicy nul = read.option(root, "nul", "", NulPolicy::find, List.of("reject", "replace"), NulPolicy.REJECT);
        JsonNode collections = root.path("collections");
        if (!collections.isObject() || collections.isEmpty()) {
            problems.add("collections: expected at least one collection, e.g. 'collections: {accounts: {}}'");
        }
        targets = ReferenceTargets.of(collections);
        List<CollectionMapping> parsed = new ArrayList<>();
        YamlReader.entries(collections).forEach(e -> parsed.add(collection(e.getKey(), e.getValue(), "collections." + e.getKey())));
        return new Mapping(parsed, extra, separator, nul);
    }

    private CollectionMapping collection(String name, JsonNode node, String path) {
        read.checkKeys(node, path, COLLECTION_KEYS);
        String table = read.name(node, "table", path, name);
        read.checkKeys(node.path("id"), path + ".id", ID_KEYS);
        ColumnType idType = type(node.path("id").path("type"), path + ".id.type", ColumnType.OBJECTID);
        if (idType.isArray()) {
            problems.add(path + ".id.type: an _id is never an array; use the type of the collection's _id values, or "
                    + "jsonb if they vary");
            idType = ColumnType.JSONB;
        }
        return new CollectionMapping(name, table, idType, fields(node, path, table));
    }

    private Fields fields(JsonNode node, String path, String table) {
        List<ColumnMapping> columns = new ArrayList<>();
        YamlReader.entries(node.path("columns")).forEach(e -> column(e.getKey(), e.getValue(), path + ".columns." + e.getKey(),
                defaultName(e.getKey())).ifPresent(columns::add));
        List<SubdocumentMapping> subdocuments = new ArrayList<>();
        YamlReader.entries(node.path("subdocuments")).forEach(e -> subdocuments.add(subdocument(e.getKey(), e.getValue(),
                path + ".subdocuments." + e.getKey(), table)));
        List<ChildMapping> children = new ArrayList<>();
        YamlReader.entries(node.path("children")).forEach(e -> child(e.getKey(), e.getValue(),
                path + ".children." + e.getKey(), table).ifPresent(children::add));
        List<LinkMapping> links = new ArrayList<>();
        YamlReader.entries(node.path("links")).forEach(e -> link(e.getKey(), e.getValue(), path + ".links." + e.getKey(),
                table).ifPresent(links::add));
        List<String> excluded = read.stringList(node.path("exclude"), path + ".exclude");
        return new Fields(columns, subdocuments, children, links, excluded);
    }

    private SubdocumentMapping subdocument(String field, JsonNode node, String path, String parentTable) {
        read.checkKeys(node, path, SUBDOCUMENT_KEYS);
        String table = read.name(node, "table", path, parentTable + separator + defaultName(field));
        return new SubdocumentMapping(field, table, fields(node, path, table));
    }

    private Optional<ChildMapping> child(String field, JsonNode node, String path, String parentTable) {
        read.checkKeys(node, path, CHILD_KEYS);
        String table = read.name(node, "table", path, parentTable + separator + defaultName(field));
        List<String> key = node.path("key").isTextual() ? List.of(node.path("key").asText())
                : read.stringList(node.path("key"), path + ".key");
        Optional<ColumnMapping> value = Optional.empty();
        if (node.has("value")) {
            String last = field.substring(field.lastIndexOf('.') + 1);
            value = column(field, node.get("value"), path + ".value", last);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            for (String other : union(FIELD_KEYS, "key")) {
                if (node.has(other)) {
                    problems.add(path + "." + other + ": an array of scalars has only a 'value' column; remove '" + other
                            + "', or remove 'value' if the elements are subdocuments");
                }
            }
        }
        Fields fields = value.isPresent() ? Fields.NONE : fields(node, path, table);
        return Optional.of(new ChildMapping(field, table, key, value, fields));
    }

    private Optional<LinkMapping> link(String field, JsonNode node, String path, String parentTable) {
        read.checkKeys(node, path, LINK_KEYS);
        String table = read.name(node, "table", path, parentTable + separator + defaultName(field));
        Optional<ColumnReference> reference = reference(node, path);
        if (reference.isEmpty()) {
            if (!node.has("references")) {
                problems.add(path + ".references: missing; a link table needs 'references: collection.field' "
                        + "(e.g. 'accounts.account_id' or 'users._id')");
            }
            return Optional.empty();
        }
        ColumnReference ref = reference.get();
        String column = read.name(node, "column", path, defaultName(ref.field().equals("_id")
                ? ref.collection() + "_id" : ref.field()));
        return targets.type(ref, path + ".references", problems).map(type ->
                new LinkMapping(field, table, ref.collection(), ref.field(), column, type));
    }

    private Optional<ColumnMapping> column(String field, JsonNode node, String at, String defaultColumn) {
        if (node.isTextual()) {
            node = YAML.createObjectNode().put("type", node.asText()); // shorthand: 'field: text'
        }
        read.checkKeys(node, at, COLUMN_KEYS);
        String column = read.name(node, "column", at, defaultColumn);
        boolean unique = read.bool(node, "unique", at);
        OnMismatch onMismatch = read.option(node, "onMismatch", at, OnMismatch::find, List.of("reject", "extra"),
                OnMismatch.REJECT);
        Optional<ColumnReference> reference = reference(node, at);
        Optional<ColumnType> referencedType = reference.flatMap(r -> targets.type(r, at + ".references", problems));
        if (reference.isPresent() && referencedType.isEmpty() && node.path("type").isMissingNode()) {
            return Optional.empty(); // the unresolved reference is reported; a missing type would only repeat it
        }
        ColumnType type = type(node.path("type"), at + ".type", referencedType.orElse(null));
        if (type == null) {
            return Optional.empty();
        }
        referencedType.filter(t -> t != type).ifPresent(t -> problems.add(at + ".type: is " + type.yamlName()
                + " but the referenced field " + reference.get() + " is " + t.yamlName() + "; a foreign key needs the same "
                + "type: remove 'type' or set it to " + t.yamlName()));
        byte subtype = subtype(node, at, type);
        return Optional.of(new ColumnMapping(field, column, type, unique, onMismatch, subtype, reference));
    }

    private byte subtype(JsonNode node, String at, ColumnType type) {
        JsonNode subtype = node.path("subtype");
        if (subtype.isMissingNode()) {
            return 0;
        }
        if (type != ColumnType.BYTEA) {
            problems.add(at + ".subtype: only a bytea column has a binary subtype; remove it (uuid is subtype 4)");
            return 0;
        }
        int value = subtype.isInt() ? subtype.asInt() : -1;
        if (value < 0 || value > 255 || value == 4) {
            problems.add(at + ".subtype: expected a BSON binary subtype 0-255 other than 4 (use type uuid for 4), found '"
                    + subtype.asText() + "'");
            return 0;
        }
        return (byte) value;
    }

    private Optional<ColumnReference> reference(JsonNode node, String path) {
        JsonNode value = node.path("references");
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        String text = value.asText("");
        int dot = text.indexOf('.');
        if (!value.isTextual() || dot <= 0 || dot == text.length() - 1) {
            problems.add(path + ".references: expected 'collection.field' (e.g. 'accounts.account_id' or 'users._id'), "
                    + "found '" + value.asText() + "'");
            return Optional.empty();
        }
        return Optional.of(new ColumnReference(text.substring(0, dot), text.substring(dot + 1)));
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
            return null;
        });
    }

    private String defaultName(String fieldPath) {
        return ColumnMapping.defaultColumnName(fieldPath, separator);
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
