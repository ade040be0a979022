package io.mongo2pg.cli.lag;

import java.time.Instant;

/**
 * End-to-end freshness of one collection, from {@code mongo2pg.progress}.
 *
 * @param lastSourceChange the source time of the last change applied to PostgreSQL
 * @param appliedAt when that change was applied
 * @param behindSourceMs how far PostgreSQL is behind the source if the source kept changing: now minus
 *     {@code lastSourceChange}
 */
public record CollectionFreshness(String collection, Instant lastSourceChange, Instant appliedAt, long behindSourceMs) {
}
