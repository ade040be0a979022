package io.mongo2pg.cli.run.config;

import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import io.mongo2pg.mapping.model.Mapping;
import java.nio.file.Path;

/**
 * The whole {@code mongo2pg.yml}, parsed once by {@link ConfigLoader}, with {@code ${ENV}} references resolved and
 * every problem reported against its YAML path. Secrets are masked by every {@code toString()}.
 *
 * @param source the file it was read from
 * @param mappingFile the mapping, resolved against the config file's directory
 * @param dataDir where Debezium offsets, Kafka Streams state and the embedded broker live
 */
public record Mongo2pgConfig(Path source, Path mappingFile, Mapping mapping, String topicPrefix, Path dataDir,
                             MongoSettings mongodb, KafkaSettings kafka, PostgresSettings postgres,
                             TransformerSettings transformer, SinkSettings sink, HttpSettings http,
                             ConnectSettings connect) {

    /** What the Debezium connector captures: the mapping's collections, offsets under the data directory. */
    public MongoCaptureConfig capture() {
        return new MongoCaptureConfig(mongodb.connectionString(), topicPrefix, mongodb.database(),
                mapping.collectionNames(), dataDir.resolve("offsets"), mongodb.debezium(),
                mongodb.collectionDebezium());
    }
}
