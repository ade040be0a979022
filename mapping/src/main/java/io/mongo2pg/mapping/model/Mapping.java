package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Optional;

/**
 * The whole mapping: one {@link CollectionMapping} per captured collection.
 *
 * @param extraColumn the jsonb column every table has for what its mapping does not place
 */
public record Mapping(List<CollectionMapping> collections, String extraColumn) {
    public static final String DEFAULT_EXTRA_COLUMN = "_extra";

    public Mapping {
        collections = List.copyOf(collections);
    }

    public Optional<CollectionMapping> collection(String name) {
        return collections.stream().filter(c -> c.collection().equals(name)).findFirst();
    }

    public List<String> collectionNames() {
        return collections.stream().map(CollectionMapping::collection).toList();
    }
}
