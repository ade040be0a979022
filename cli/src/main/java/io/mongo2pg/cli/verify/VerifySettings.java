package io.mongo2pg.cli.verify;

/**
 * How verify runs.
 *
 * @param sample compare a random sample of this many documents per collection (both ways), or null for all
 * @param batchSize documents looked up per round trip: the memory bound
 * @param maxListed differences (and dangling references per reference) listed per collection; all are counted
 */
public record VerifySettings(Integer sample, int batchSize, int maxListed) {
    public VerifySettings {
        if (sample != null && sample < 1) {
            throw new IllegalArgumentException("--sample " + sample + " must be at least 1, e.g. --sample 1000");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " must be at least 1, e.g. 500");
        }
    }
}
