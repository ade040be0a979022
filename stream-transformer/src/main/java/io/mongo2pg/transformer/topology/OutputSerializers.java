package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.row.RowSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** The value serializers of the sink nodes: a RowSet through the configured RowSet serializer, a dead letter as is. */
final class OutputSerializers {
    private OutputSerializers() {
    }

    static Serializer<Output> rows(Serializer<RowSet> rowSets) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Output output) {
                return rowSets.serialize(topic, ((Output.Rows) output).rowSet());
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Output output) {
                return rowSets.serialize(topic, headers, ((Output.Rows) output).rowSet());
            }
        };
    }

    static Serializer<Output> deadLetters() {
        return (topic, output) -> ((Output.DeadLetter) output).value();
    }
}
