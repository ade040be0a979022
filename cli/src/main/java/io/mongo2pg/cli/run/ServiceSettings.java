package io.mongo2pg.cli.run;

import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.runtime.PipelineTopics;
import io.mongo2pg.cli.snapshot.SnapshotCommand;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the config file into each service's own configuration, for the Kafka cluster at {@code bootstrap}. */
public final class ServiceSettings {
    private ServiceSettings() {
    }

    static PipelineTopics topics(Mongo2pgConfig config) {
        return new PipelineTopics(config.topicPrefix(), config.mongodb().database(), config.mapping().collectionNames(),
                config.kafka().partitions(), config.kafka().replicationFactor(),
                SnapshotCommand.kafkaSignalTopic(config.mongodb().debezium()).orElse(null));
    }

    /** The sink's settings: connection and group from their sections, then sink.settings, Kafka client settings. */
    public static SinkConfig sink(Mongo2pgConfig config, String bootstrap) {
        Map<String, String> props = new LinkedHashMap<>();
        config.kafka().client().forEach((k, v) -> props.put(SinkConfig.KAFKA_PREFIX + k, v));
        // The sink needs the registry the transformer writes to; sink.settings may still name another address.
        if (config.transformer().schemaRegistryUrl() != null) {
            props.put(SinkConfig.SCHEMA_REGISTRY_URL, config.transformer().schemaRegistryUrl());
        }
        props.putAll(config.sink().settings());
        props.put(SinkConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(SinkConfig.TOPIC_PREFIX, config.topicPrefix());
        props.put(SinkConfig.GROUP_ID, config.sink().groupId());
        props.put(SinkConfig.JDBC_URL, config.postgres().jdbcUrl());
        if (config.postgres().user() != null) {
            props.put(SinkConfig.JDBC_USER, config.postgres().user());
        }
        if (config.postgres().password() != null) {
            props.put(SinkConfig.JDBC_PASSWORD, config.postgres().password().reveal());
        }
        props.put(SinkConfig.SCHEMA, config.postgres().schema());
        return SinkConfig.parse(props, config.mapping());
    }

    static TransformerConfig transformer(Mongo2pgConfig config, String bootstrap) {
        Map<String, String> overrides = new HashMap<>(config.kafka().client());
        overrides.put("state.dir", config.transformer().stateDir().toString());
        overrides.putAll(config.transformer().overrides());
        return TransformerConfig.of(bootstrap, config.transformer().applicationId(), config.topicPrefix(),
                        config.mongodb().database())
                .withReplicationFactor(config.kafka().replicationFactor())
                .withRowFormat(config.transformer().rowFormat(), config.transformer().schemaRegistryUrl())
                .withClientOverrides(overrides);
    }

    /** The Debezium publisher's producer: the Kafka client settings plus the cluster. */
    static Map<String, Object> producer(Mongo2pgConfig config, String bootstrap) {
        Map<String, Object> props = new HashMap<>(config.kafka().client());
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    /** Admin settings for topic creation. */
    static Map<String, Object> admin(Mongo2pgConfig config, String bootstrap) {
        return producer(config, bootstrap);
    }
}
