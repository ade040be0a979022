package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import org.apache.kafka.common.serialization.Serializer;

/** The RowSet serializer a configuration asks for. */
public final class RowSetSerializers {
    private RowSetSerializers() {
    }

    /** Thread-safe; the caller closes it when the topology is done. */
    public static Serializer<RowSet> forConfig(TransformerConfig config, Mapping mapping) {
        return switch (config.rowFormat()) {
            case JSON -> (topic, rowSet) -> RowSetCodec.encode(rowSet);
            case AVRO -> throw new UnsupportedOperationException("row.format=avro is not available yet");
        };
    }
}
