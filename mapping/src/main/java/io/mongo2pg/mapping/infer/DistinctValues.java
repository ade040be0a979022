package io.mongo2pg.mapping.infer;

import java.util.HashSet;
import java.util.Set;
import org.bson.BsonValue;

/**
 * The distinct values of a field that may be pointed at (an {@code _id}, an integer key), up to a cap so memory stays
 * bounded: past it, new values are only counted, and membership answers for the values kept.
 */
final class DistinctValues {
    private final int cap;
    private final Set<BsonValue> values = new HashSet<>();
    private long offered;
    private boolean complete = true;

    DistinctValues(int cap) {
        this.cap = cap;
    }

    void offer(BsonValue value) {
        offered++;
        if (values.contains(value)) {
            return;
        }
        if (values.size() < cap) {
            values.add(value);
        } else {
            complete = false;
        }
    }

    boolean contains(BsonValue value) {
        return values.contains(value);
    }

    /** Values seen more than once; only meaningful while {@link #complete()}. */
    long duplicates() {
        return offered - values.size();
    }

    boolean complete() {
        return complete;
    }

    int size() {
        return values.size();
    }
}
