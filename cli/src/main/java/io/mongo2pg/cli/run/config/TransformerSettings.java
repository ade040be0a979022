package io.mongo2pg.cli.run.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code transformer} section.
 *
 * @param applicationId Kafka Streams' application.id, also the transformer's consumer group
 * @param stateDir Kafka Streams' local state
 * @param overrides further Kafka Streams settings ({@code num.stream.threads}, ...)
 */
public record TransformerSettings(String applicationId, Path stateDir, Map<String, String> overrides) {
    public TransformerSettings {
        overrides = Map.copyOf(overrides);
    }

    @Override
    public String toString() {
        return "TransformerSettings[applicationId=" + applicationId + ", stateDir=" + stateDir + ", overrides="
                + Masking.settings(overrides) + "]";
    }
}
