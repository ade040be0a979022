package io.mongo2pg.cli.lag;

import java.time.Instant;
import java.util.List;

/**
 * Everything {@code mongo2pg lag} shows at one moment.
 *
 * @param postgresProblem why freshness and the sink's stored offsets could not be read, or null
 */
public record LagReport(Instant takenAt, List<GroupLag> groups, List<CollectionFreshness> freshness,
                        String postgresProblem) {
    public LagReport {
        groups = List.copyOf(groups);
        freshness = List.copyOf(freshness);
    }
}
