package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.model.Mapping;
import java.util.List;

/**
 * What the inference proposes: the mapping as YAML (with the figures behind each decision in its comments), the
 * same mapping as loaded by {@link io.mongo2pg.mapping.model.MappingLoader} (so it is known to be valid), and every
 * decision for the report.
 */
public record Analysis(String yaml, Mapping mapping, List<Decision> decisions, List<CollectionSummary> collections,
                      InferenceSettings settings) {
    public Analysis {
        decisions = List.copyOf(decisions);
        collections = List.copyOf(collections);
    }

    /** One analysed collection: how many documents were read and the root table proposed for it. */
    public record CollectionSummary(String collection, long documents, String table) {
    }
}
