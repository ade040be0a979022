package io.mongo2pg.cli.runtime;

import io.mongo2pg.mapping.model.Mapping;
import java.nio.file.Path;

/**
 * Everything the single-process pipeline needs besides the MongoDB capture settings.
 *
 * @param stateDir where Kafka Streams keeps its local state
 * @param partitions partitions of each change and row topic: the unit of parallelism
 */
public record PipelineSettings(Mapping mapping, String topicPrefix, String database, String bootstrapServers,
                               String jdbcUrl, String jdbcUser, String jdbcPassword, String schema, Path stateDir,
                               int partitions, short replicationFactor) {
    @Override
    public String toString() {
        return "PipelineSettings[topicPrefix=" + topicPrefix + ", database=" + database + ", bootstrapServers="
                + bootstrapServers + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=****, schema="
                + schema + ", partitions=" + partitions + "]";
    }
}
