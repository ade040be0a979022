package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.avro.RegistryRowSetSerializer;
import io.mongo2pg.mapping.avro.RowSetAvroConverter;
import io.mongo2pg.mapping.avro.RowSetSchemas;
import io.mongo2pg.mapping.avro.SingleObjectRowSetSerializer;
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
            case AVRO -> avro(config, mapping);
        };
    }

    /** Confluent wire format through the registry when one is configured, else single-object encoding. */
    private static Serializer<RowSet> avro(TransformerConfig config, Mapping mapping) {
        RowSetAvroConverter converter = new RowSetAvroConverter(RowSetSchemas.of(mapping));
        return config.schemaRegistryUrl() == null ? new SingleObjectRowSetSerializer(converter)
                : new RegistryRowSetSerializer(converter, config.schemaRegistryUrl());
    }
}
