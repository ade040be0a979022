package io.mongo2pg.sink.batch;

import java.util.Objects;

/** Where a record was read from: Kafka topic, partition and offset. */
public record RecordPosition(String topic, int partition, long offset) {
    public RecordPosition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
