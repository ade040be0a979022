package io.mongo2pg.cli.verify;

import io.mongo2pg.cli.verify.DanglingReferenceFinder.ReferenceCheck;
import java.util.List;

/**
 * Everything verify found: per collection, then the dangling references (values a cutover foreign key would refuse).
 *
 * @param dangling the first dangling references of each reference
 */
public record VerifyReport(List<CollectionReport> collections, List<ReferenceCheck> references,
                           List<DanglingReference> dangling) {
    public VerifyReport {
        collections = List.copyOf(collections);
        references = List.copyOf(references);
        dangling = List.copyOf(dangling);
    }

    public long danglingTotal() {
        return references.stream().mapToLong(ReferenceCheck::dangling).sum();
    }

    public long differencesTotal() {
        return collections.stream().mapToLong(CollectionReport::differencesTotal).sum();
    }

    /** Counts equal, no difference, no dangling reference. */
    public boolean clean() {
        return collections.stream().allMatch(CollectionReport::clean) && danglingTotal() == 0;
    }
}
