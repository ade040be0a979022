package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from the statistics, where every field goes, and writes the mapping YAML with the figures behind each
 * decision as comments. The rules, in order, for a field of a table's level:
 * <ol>
 *   <li>a name a mapping path cannot spell (a '.' in it), a rare field, or one that is always null: left in the
 *       catch-all column;</li>
 *   <li>always a subdocument: its fields are flattened into columns ({@code a.b} -> {@code a_b}), unless its keys are
 *       data (ids as keys) or too many: then one jsonb column;</li>
 *   <li>always an array: of subdocuments -> a child table; of references -> a link table; of text or numbers -> an
 *       array column; of other scalars -> a child table of values; mixed or nested -> jsonb;</li>
 *   <li>a scalar of one type -> its column (a reference gets {@code references:}); of a dominant type ->
 *       its column with {@code onMismatch: extra}; otherwise jsonb.</li>
 * </ol>
 * Only shapes every observed document fits are chosen, so no observed document is refused by the mapping.
 */
final class MappingPlanner {
    private static final Set<ColumnType> ARRAY_COLUMN_ELEMENTS =
            Set.of(ColumnType.TEXT, ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.DOUBLE);

    private final InferenceSettings settings;
    private final List<CollectionProfile> profiles;
    private final ReferenceFinder references;
    private final Names tables = new Names(Set.of());
    private final List<Decision> decisions = new ArrayList<>();

    MappingPlanner(InferenceSettings settings, List<CollectionProfile> profiles, ReferenceFinder references) {
        this.settings = settings;
        this.profiles = profiles;
        this.references = references;
    }

    Analysis plan() {
        List<Analysis.CollectionSummary> summaries = new ArrayList<>();
        // Root tables first, so that no child table takes a collection's name.
        profiles.forEach(p -> summaries.add(new Analysis.CollectionSummary(p.name(), p.documents(), tables.claim(p.name()))));
        YamlBlock collections = new YamlBlock();
        for (int i = 0; i < profiles.size(); i++) {
            collections.put(profiles.get(i).name(), collection(profiles.get(i), summaries.get(i).table()));
        }
        String yaml = top(collections).render();
        Mapping mapping = MappingLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "the inferred mapping");
        return new Analysis(yaml, mapping, decisions, summaries, settings);
    }

    private YamlBlock top(YamlBlock collections) {
        long documents = profiles.stream().mapToLong(CollectionProfile::documents).sum();
        YamlBlock top = new YamlBlock()
                .comment("Proposed by 'mongo2pg analyze' from " + documents + " documents of " + profiles.size()
                        + " collection(s). Review it before use: each entry's comment gives what was observed and why.")
                .comment(String.format("Rules: a field in under %.0f%% of its rows, always null, or unnamable stays in "
                        + "_extra; a type with under %.0f%% of the values makes a jsonb column.", 100 * settings.rareFraction(),
                        100 * settings.dominantFraction()))
                .comment("Whatever no entry names lands, with its BSON type, in the table's jsonb column _extra.");
        long nul = profiles.stream().mapToLong(p -> p.root().nulProblems() + p.id().nulProblems()).sum();
        if (nul > 0) {
            top.comment(nul + " string(s) or field name(s) hold U+0000, which PostgreSQL cannot store: they are stored as "
                    + "U+FFFD (lossy). Use 'nul: reject' to send such documents to the dead letters instead.");
            top.put("nul", "replace");
        }
        return top.put("collections", collections);
    }

    private YamlBlock collection(CollectionProfile profile, String tableName) {
        YamlBlock block = new YamlBlock();
        if (!tableName.equals(profile.name())) {
            block.put("table", tableName);
        }
        ColumnType idType = idType(profile.id());
        String observed = Observed.field(profile.id(), profile.documents());
        String reason = idType == ColumnType.JSONB ? "_id values of several types or without a column type: jsonb keeps "
                + "each exactly" : "every _id is " + idType.yamlName();
        decisions.add(new Decision(profile.name(), "_id", "primary key " + tableName + "._id " + idType.yamlName(),
                observed, reason));
        if (idType != ColumnType.OBJECTID) {
            Map<String, Object> id = YamlBlock.flow();
            id.put("type", idType.yamlName());
            block.comment("_id: " + observed + " -> " + reason).put("id", id);
        }
        Table root = new Table(profile.name(), tableName, profile.documents(), 0);
        level(root, profile.root(), "", "");
        root.into(block);
        return block;
    }

    private static ColumnType idType(FieldStats id) {
        if (id.kinds().size() != 1 || id.nulls() > 0) {
            return ColumnType.JSONB;
        }
        ValueKind kind = id.kinds().keySet().iterator().next();
        boolean plain = kind.isScalar() && id.unfit(kind) == 0 && !(kind.column() == ColumnType.BYTEA && kind.subtype() != 0);
        return plain ? kind.column() : ColumnType.JSONB;
    }

    /** Places the fields of one level of {@code table}; {@code prefix} is the path of a flattened subdocument. */
    private void level(Table table, LevelStats level, String prefix, String docPath) {
        for (Map.Entry<String, FieldStats> entry : level.fields().entrySet()) {
            field(table, entry.getKey(), entry.getValue(), prefix, docPath);
        }
        if (level.overflowed()) {
            table.extras.add(docPath + prefix + "*: more than " + settings.maxKeysPerLevel() + " field names; those past "
                    + "the first " + settings.maxKeysPerLevel() + " stay in _extra");
        }
    }

    private void field(Table table, String name, FieldStats field, String prefix, String docPath) {
        Place place = new Place(table, prefix + name, docPath + prefix + name, name, Observed.field(field, table.rows),
                table.depth == 0 && prefix.isEmpty() ? name : null);
        if (name.isEmpty() || name.contains(".")) {
            extra(place, "its name cannot be written as a mapping path (it holds a '.' or is empty)");
        } else if (field.present() < settings.rareFraction() * table.rows) {
            extra(place, "rare");
        } else if (field.nonNull() == 0) {
            extra(place, "always null: nothing to type");
        } else {
            ValueKind kind = field.dominant().orElseThrow();
            boolean only = field.kinds().get(kind) == field.nonNull();
            if (only && kind == ValueKind.DOCUMENT) {
                subdocument(place, field.subdocument().orElseThrow());
            } else if (only && kind == ValueKind.ARRAY) {
                array(place, field.arrays().orElseThrow());
            } else {
                scalar(place, field, kind, only);
            }
        }
    }

    private void subdocument(Place place, LevelStats sub) {
        if (sub.overflowed() || sub.keysAreValues()) {
            jsonb(place, String.format("an object whose keys are data (%s distinct keys, %d of the first %d look like ids): "
                    + "kept whole", (sub.overflowed() ? "over " : "") + sub.trackedKeys(), sub.idLikeKeys(), sub.trackedKeys()));
            return;
        }
        level(place.table(), sub, place.key() + ".", place.path().substring(0, place.path().length() - place.key().length()));
    }

    private void array(Place place, ArrayStats array) {
        Map<ValueKind, Long> kinds = array.elementKinds();
        long nulls = kinds.getOrDefault(ValueKind.NULL, 0L);
        List<ValueKind> nonNull = kinds.keySet().stream().filter(k -> k != ValueKind.NULL).toList();
        if (kinds.isEmpty()) {
            extra(place, "always an empty array: nothing to type");
        } else if (nonNull.equals(List.of(ValueKind.DOCUMENT)) && nulls == 0) {
            LevelStats elements = array.elements().orElseThrow();
            if (elements.overflowed() || elements.keysAreValues()) {
                jsonb(place, "elements are objects whose keys are data: kept whole");
            } else {
                childTable(place, elements);
            }
        } else if (nonNull.size() == 1 && nonNull.get(0).isScalar() && nonNull.get(0).column() != ColumnType.JSONB
                && array.unfitElements() == 0) {
            ValueKind kind = nonNull.get(0);
            Optional<Reference> ref = references.find(place.table().collection, null, place.name(), kind,
                    array.values().map(ValueSample::values).orElse(List.of()));
            if (ref.isPresent()) {
                link(place, ref.get());
            } else if (ARRAY_COLUMN_ELEMENTS.contains(kind.column())) {
                column(place, ColumnType.parse(kind.column().yamlName() + "[]"), kind, false, Optional.empty(),
                        "an array of " + kind.label() + " -> array column");
            } else {
                valueTable(place, kind);
            }
        } else {
            jsonb(place, "elements of mixed kinds, nulls among subdocuments, or nested arrays");
        }
    }

    private void scalar(Place place, FieldStats field, ValueKind kind, boolean only) {
        double share = (double) field.kinds().get(kind) / field.nonNull();
        if (kind.column() == null) {
            jsonb(place, "mixed kinds (" + kind.label() + " in " + Observed.percent(field.kinds().get(kind), field.nonNull())
                    + " of the values)");
        } else if (kind.column() == ColumnType.JSONB && only) {
            jsonb(place, kind.label() + " has no column type of its own: canonical Extended JSON");
        } else if (only && field.unfit(kind) == 0) {
            Optional<Reference> ref = references.find(place.table().collection, place.rootField(), place.name(), kind,
                    field.values().map(ValueSample::values).orElse(List.of()));
            String reason = ref.map(r -> "reference: " + r.describe()).orElse("always " + kind.label());
            column(place, kind.column(), kind, false, ref, reason);
        } else if (share >= settings.dominantFraction() && kind.column() != ColumnType.JSONB) {
            column(place, kind.column(), kind, true, Optional.empty(), String.format("mostly %s (%.1f%%): the other values "
                    + "stay, with their type, in _extra (onMismatch: extra)", kind.label(), 100 * share));
        } else {
            jsonb(place, String.format("mixed types (%s in %.1f%% of the values)", kind.label(), 100 * share));
        }
    }

    private void column(Place place, ColumnType type, ValueKind kind, boolean extraOnMismatch, Optional<Reference> ref,
                        String reason) {
        Table table = place.table();
        String wanted = place.key().replace(".", Mapping.DEFAULT_SEPARATOR);
        String column = table.columnNames.claim(wanted);
        Map<String, Object> entry = YamlBlock.flow();
        entry.put("type", type.yamlName());
        if (!column.equals(wanted)) {
            entry.put("column", column);
        }
        if (type == ColumnType.BYTEA && kind.subtype() != 0) {
            entry.put("subtype", kind.subtype() & 0xff);
        }
        if (extraOnMismatch) {
            entry.put("onMismatch", "extra");
        }
        ref.ifPresent(r -> entry.put("references", r.target()));
        table.columns.comment(place.key() + ": " + place.observed() + " -> " + reason).put(place.key(), entry);
        decide(place, (ref.isPresent() ? "reference column " : "column ") + table.name + "." + column + " " + type.yamlName()
                + ref.map(r -> " -> " + r.target()).orElse(""), reason);
    }

    private void jsonb(Place place, String reason) {
        column(place, ColumnType.JSONB, ValueKind.NULL, false, Optional.empty(), reason + " -> jsonb");
    }

    private void extra(Place place, String reason) {
        place.table().extras.add(place.path() + ": " + place.observed() + " -> " + reason);
        decide(place, place.table().name + "._extra", reason);
    }

    private void childTable(Place place, LevelStats elements) {
        Table parent = place.table();
        String name = tables.claim(parent.name + "_" + place.key().replace(".", "_"));
        Table child = new Table(parent.collection, name, elements.documents(), parent.depth + 1);
        String reason = "an array of subdocuments -> child table, one row per element";
        decide(place, "child table " + name, reason);
        level(child, elements, "", place.path() + "[].");
        YamlBlock block = new YamlBlock().put("table", name);
        child.into(block);
        parent.children.comment(place.key() + ": " + place.observed() + " -> " + reason).put(place.key(), block);
    }

    private void valueTable(Place place, ValueKind kind) {
        Table parent = place.table();
        String name = tables.claim(parent.name + "_" + place.key().replace(".", "_"));
        String column = new Names(Table.reserved(parent.depth + 1)).claim(place.name());
        Map<String, Object> value = YamlBlock.flow();
        value.put("type", kind.column().yamlName());
        value.put("column", column);
        if (kind.column() == ColumnType.BYTEA && kind.subtype() != 0) {
            value.put("subtype", kind.subtype() & 0xff);
        }
        String reason = "an array of " + kind.label() + " (no array column type for it) -> child table of values";
        parent.children.comment(place.key() + ": " + place.observed() + " -> " + reason)
                .put(place.key(), new YamlBlock().put("table", name).put("value", value));
        decide(place, "child table " + name + "." + column + " " + kind.column().yamlName(), reason);
    }

    private void link(Place place, Reference ref) {
        Table parent = place.table();
        String name = tables.claim(parent.name + "_" + place.key().replace(".", "_"));
        Map<String, Object> entry = YamlBlock.flow();
        entry.put("table", name);
        entry.put("references", ref.target());
        String reason = "an array of references: " + ref.describe() + " -> link table";
        parent.links.comment(place.key() + ": " + place.observed() + " -> " + reason).put(place.key(), entry);
        decide(place, "link table " + name + " -> " + ref.target(), reason);
    }

    private void decide(Place place, String placement, String reason) {
        decisions.add(new Decision(place.table().collection, place.path(), placement, place.observed(), reason));
    }

    /**
     * A field being placed: its table, its path relative to the table's level (the YAML key), its path in the document
     * (for the report), its own name, the figures, and its path when it is a root field (a reference target).
     */
    private record Place(Table table, String key, String path, String name, String observed, String rootField) {
    }

    /** A table being written: its YAML blocks, the names its columns took, and notes on fields left in _extra. */
    private static final class Table {
        final String collection;
        final String name;
        final long rows;
        final int depth;
        final Names columnNames;
        final YamlBlock columns = new YamlBlock();
        final YamlBlock children = new YamlBlock();
        final YamlBlock links = new YamlBlock();
        final List<String> extras = new ArrayList<>();

        Table(String collection, String name, long rows, int depth) {
            this.collection = collection;
            this.name = name;
            this.rows = rows;
            this.depth = depth;
            this.columnNames = new Names(reserved(depth));
        }

        /** Key columns of a table {@code depth} arrays deep, {@code _id}, the catch-all: never a mapped column's name. */
        static Set<String> reserved(int depth) {
            Set<String> names = new java.util.HashSet<>(io.mongo2pg.mapping.schema.TableKeys.dependentKey(Math.max(depth, 9)));
            if (depth == 0) {
                names.add("_id");
            }
            names.add(Mapping.DEFAULT_EXTRA_COLUMN);
            return names;
        }

        void into(YamlBlock block) {
            if (!columns.isEmpty()) {
                block.put("columns", columns);
            }
            if (!children.isEmpty()) {
                block.put("children", children);
            }
            if (!links.isEmpty()) {
                block.put("links", links);
            }
            extras.forEach(e -> block.comment("left in _extra: " + e));
        }
    }
}
