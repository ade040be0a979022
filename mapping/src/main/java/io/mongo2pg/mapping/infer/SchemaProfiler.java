package io.mongo2pg.mapping.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/**
 * Streams documents into per-collection statistics ({@link #observe}), then proposes a mapping from them
 * ({@link #infer}). Memory stays bounded whatever the number of documents: per field path it keeps counters, a
 * reservoir sample of reference candidates and, for possible keys, their distinct values up to a cap; field names
 * are tracked up to a cap per level.
 */
public final class SchemaProfiler {
    private final InferenceSettings settings;
    private final Map<String, CollectionProfile> collections = new LinkedHashMap<>();

    public SchemaProfiler(InferenceSettings settings) {
        this.settings = settings;
    }

    public SchemaProfiler() {
        this(InferenceSettings.DEFAULTS);
    }

    /** Adds one document of {@code collection} to the statistics. */
    public void observe(String collection, BsonDocument document) {
        collections.computeIfAbsent(collection, c -> new CollectionProfile(c, settings)).observe(document);
    }

    public long documents(String collection) {
        CollectionProfile profile = collections.get(collection);
        return profile == null ? 0 : profile.documents();
    }

    /** The mapping proposed for every collection observed so far, with the figures behind each decision. */
    public Analysis infer() {
        List<CollectionProfile> profiles = new ArrayList<>(collections.values());
        return new MappingPlanner(settings, profiles, ReferenceFinder.of(profiles, settings)).plan();
    }
}
