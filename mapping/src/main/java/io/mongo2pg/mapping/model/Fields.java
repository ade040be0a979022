package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the fields of one document level go: a collection's documents, the elements of a child table, or a
 * subdocument with its own 1:1 table all have the same choices. Field paths are dotted and relative to the
 * level ({@code address.city}); whatever no entry names lands in the level's jsonb catch-all column.
 *
 * @param columns fields stored in typed columns (a dotted path flattens a nested subdocument)
 * @param subdocuments subdocuments stored in their own 1:1 table
 * @param children arrays stored as child tables, one row per element (nested to any depth)
 * @param links arrays of references stored as link tables
 * @param excluded fields left out on purpose: not stored anywhere, not given back by the inverse
 */
public record Fields(List<ColumnMapping> columns, List<SubdocumentMapping> subdocuments, List<ChildMapping> children,
                     List<LinkMapping> links, List<String> excluded) {
    public static final Fields NONE = new Fields(List.of(), List.of(), List.of(), List.of(), List.of());

    public Fields {
        columns = List.copyOf(columns);
        subdocuments = List.copyOf(subdocuments);
        children = List.copyOf(children);
        links = List.copyOf(links);
        excluded = List.copyOf(excluded);
    }

    public static Fields ofColumns(List<ColumnMapping> columns) {
        return new Fields(columns, List.of(), List.of(), List.of(), List.of());
    }

    public Optional<ColumnMapping> columnForField(String fieldPath) {
        return columns.stream().filter(c -> c.fieldPath().equals(fieldPath)).findFirst();
    }

    /** Every field path this level places somewhere (columns, tables, exclusions), for overlap checks. */
    public List<String> placedPaths() {
        return Stream.of(columns.stream().map(ColumnMapping::fieldPath),
                subdocuments.stream().map(SubdocumentMapping::fieldPath),
                children.stream().map(ChildMapping::fieldPath),
                links.stream().map(LinkMapping::fieldPath),
                excluded.stream()).flatMap(s -> s).toList();
    }
}
