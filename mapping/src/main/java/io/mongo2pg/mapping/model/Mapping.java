package io.mongo2pg.mapping.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole mapping: one {@link CollectionMapping} per captured collection.
 *
 * @param extraColumn the jsonb column every table has for what its mapping does not place
 * @param separator what joins path segments in default names ({@code address.city} -> {@code address_city})
 * @param nulPolicy what happens to U+0000 in stored strings
 */
public record Mapping(List<CollectionMapping> collections, String extraColumn, String separator, NulPolicy nulPolicy) {
    public static final String DEFAULT_EXTRA_COLUMN = "_extra";
    public static final String DEFAULT_SEPARATOR = "_";

    public Mapping {
        collections = List.copyOf(collections);
        Objects.requireNonNull(extraColumn, "extraColumn");
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(nulPolicy, "nulPolicy");
    }

    public Mapping(List<CollectionMapping> collections, String extraColumn) {
        this(collections, extraColumn, DEFAULT_SEPARATOR, NulPolicy.REJECT);
    }

    public Optional<CollectionMapping> collection(String name) {
        return collections.stream().filter(c -> c.collection().equals(name)).findFirst();
    }

    public List<String> collectionNames() {
        return collections.stream().map(CollectionMapping::collection).toList();
    }
}
