package io.mongo2pg.cli.run.config;

import io.mongo2pg.transformer.topology.RowFormat;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code transformer} section.
 *
 * @param applicationId Kafka Streams' application.id, also the transformer's consumer group
 * @param stateDir Kafka Streams' local state
 * @param overrides further Kafka Streams settings ({@code num.stream.threads}, ...)
 * @param rowFormat how RowSets are written: Avro (the default) or JSON (readable, for debugging)
 * @param schemaRegistryUrl with Avro, the Apicurio registry's API URL (Confluent wire format), or null for
 *     single-object encoding without a registry
 */
public record TransformerSettings(String applicationId, Path stateDir, Map<String, String> overrides,
                                  RowFormat rowFormat, String schemaRegistryUrl) {
    public TransformerSettings {
        overrides = Map.copyOf(overrides);
    }

    @Override
    public String toString() {
        return "TransformerSettings[applicationId=" + applicationId + ", stateDir=" + stateDir + ", overrides="
                + Masking.settings(overrides) + ", rowFormat=" + rowFormat.configValue() + ", schemaRegistryUrl="
                + (schemaRegistryUrl == null ? null : Masking.url(schemaRegistryUrl)) + "]";
    }
}
