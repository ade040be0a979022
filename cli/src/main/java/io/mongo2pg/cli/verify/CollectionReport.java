package io.mongo2pg.cli.verify;

import java.util.List;

/**
 * What verify found in one collection.
 *
 * @param compared documents compared field by field (all of them, or the sample)
 * @param differencesTotal every difference found; {@code differences} lists the first ones
 */
public record CollectionReport(String collection, long mongoCount, long postgresCount, long compared, boolean sampled,
                               long differencesTotal, List<Difference> differences) {
    public CollectionReport {
        differences = List.copyOf(differences);
    }

    public boolean clean() {
        return mongoCount == postgresCount && differencesTotal == 0;
    }
}
