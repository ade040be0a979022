package io.mongo2pg.mapping.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bson.BsonValue;

/**
 * A uniform sample of at most {@code capacity} values out of any number seen (reservoir sampling), with a fixed
 * seed so that the same input always gives the same mapping.
 */
final class ValueSample {
    private final int capacity;
    private final List<BsonValue> values = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private long seen;

    ValueSample(int capacity) {
        this.capacity = capacity;
    }

    void offer(BsonValue value) {
        seen++;
        if (values.size() < capacity) {
            values.add(value);
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < capacity) {
            values.set((int) slot, value);
        }
    }

    List<BsonValue> values() {
        return values;
    }
}
