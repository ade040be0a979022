package io.mongo2pg.cli.run.config;

import java.util.Map;

/**
 * The {@code kafka} section: an embedded broker persisted under the data directory (the default), or an external
 * cluster.
 *
 * @param embeddedPort the embedded broker's client port (only when {@code bootstrapServers} is null)
 * @param bootstrapServers the external cluster, or null for the embedded broker
 * @param replicationFactor of the topics mongo2pg creates; -1 means the broker's default
 * @param client settings added to every Kafka client (security, SASL, timeouts); secret ones are masked when printed
 */
public record KafkaSettings(int embeddedPort, String bootstrapServers, int partitions, short replicationFactor,
                            Map<String, String> client) {
    public KafkaSettings {
        client = Map.copyOf(client);
    }

    public boolean embedded() {
        return bootstrapServers == null;
    }

    /** Where clients connect: the external cluster, or the embedded broker on localhost. */
    public String clientBootstrapServers() {
        return embedded() ? "localhost:" + embeddedPort : bootstrapServers;
    }

    @Override
    public String toString() {
        return "KafkaSettings[" + (embedded() ? "embedded on port " + embeddedPort : "bootstrapServers="
                + bootstrapServers) + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", client=" + Masking.settings(client) + "]";
    }
}
