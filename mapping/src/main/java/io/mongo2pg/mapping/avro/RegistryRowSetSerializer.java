package io.mongo2pg.mapping.avro;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.mongo2pg.mapping.row.RowSet;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * RowSets as Avro in Confluent wire format (magic byte 0, the 4-byte schema id, the binary datum) through the
 * Apicurio serde: the schema of each rows topic is registered as artifact {@code <topic>-value} (the Confluent
 * subject naming) on first use; the registry's compatibility rules decide whether a changed mapping may register.
 */
public final class RegistryRowSetSerializer implements Serializer<RowSet> {
    private final RowSetAvroConverter converter;
    private final AvroKafkaSerializer<GenericRecord> avro = new AvroKafkaSerializer<>();

    /** @param registryUrl the Apicurio registry's core API, e.g. {@code http://localhost:8080/apis/registry/v3} */
    public RegistryRowSetSerializer(RowSetAvroConverter converter, String registryUrl) {
        this.converter = converter;
        avro.configure(RegistrySettings.serde(registryUrl), false);
    }

    @Override
    public byte[] serialize(String topic, RowSet rowSet) {
        return rowSet == null ? null : avro.serialize(topic, converter.toRecord(rowSet));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, RowSet rowSet) {
        return rowSet == null ? null : avro.serialize(topic, headers, converter.toRecord(rowSet));
    }

    @Override
    public void close() {
        avro.close();
    }

    /** The Apicurio serde settings mongo2pg uses. */
    static final class RegistrySettings {
        private RegistrySettings() {
        }

        static Map<String, Object> serde(String registryUrl) {
            return Map.of(
                    "apicurio.registry.url", registryUrl,
                    "apicurio.registry.auto-register", true,
                    // Confluent wire format: 4-byte content id in the payload, nothing in headers.
                    "apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler",
                    "apicurio.registry.use-id", "contentId",
                    "apicurio.registry.headers.enabled", false,
                    // The JDK's HTTP client, not Vert.x: Vert.x 4.5 needs Netty 4.1, while the project pins Netty 4.2
                    // (for mongo-java-server), and mixing them fails at the first request.
                    "apicurio.registry.http.adapter", "JDK");
        }
    }
}
