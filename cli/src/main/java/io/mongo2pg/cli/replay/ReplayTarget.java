package io.mongo2pg.cli.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a consumer group is moved: the beginning of each partition, an offset (clamped into the partition's range, so
 * a compacted or truncated partition starts at its first record), or the first record at or after a time.
 */
record ReplayTarget(Kind kind, long offset, Instant time) {
    enum Kind { EARLIEST, OFFSET, DATETIME }

    static ReplayTarget earliest() {
        return new ReplayTarget(Kind.EARLIEST, 0, null);
    }

    static ReplayTarget offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("--to-offset " + offset + " must be 0 or more");
        }
        return new ReplayTarget(Kind.OFFSET, offset, null);
    }

    static ReplayTarget datetime(String text) {
        try {
            return new ReplayTarget(Kind.DATETIME, 0, Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--to-datetime '" + text + "' is not an ISO-8601 instant; write e.g. "
                    + "2025-05-01T12:00:00Z");
        }
    }

    /** The offset each partition is moved to. */
    Map<TopicPartition, Long> resolve(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> start = list(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = list(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> at = kind == Kind.DATETIME
                ? list(admin, partitions, OffsetSpec.forTimestamp(time.toEpochMilli())) : Map.of();
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long wanted = switch (kind) {
                case EARLIEST -> start.get(tp);
                case OFFSET -> offset;
                case DATETIME -> at.get(tp) < 0 ? end.get(tp) : at.get(tp); // no record that late: nothing to replay
            };
            result.put(tp, Math.max(start.get(tp), Math.min(wanted, end.get(tp))));
        }
        return result;
    }

    static Map<TopicPartition, Long> latest(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        return list(admin, partitions, OffsetSpec.latest());
    }

    private static Map<TopicPartition, Long> list(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EARLIEST -> "the beginning";
            case OFFSET -> "offset " + offset;
            case DATETIME -> time.toString();
        };
    }
}
