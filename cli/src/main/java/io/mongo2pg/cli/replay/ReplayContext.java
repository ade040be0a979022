package io.mongo2pg.cli.replay;

import io.mongo2pg.cli.run.ServiceSettings;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.run.config.PostgresSettings;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.transformer.topology.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What every replay operation derives from the config file: topics, groups, the Admin client, a rebuild's sink. */
final class ReplayContext {
    private final Mongo2pgConfig config;

    ReplayContext(Mongo2pgConfig config) {
        this.config = config;
    }

    Mongo2pgConfig config() {
        return config;
    }

    Admin admin() {
        Map<String, Object> props = new HashMap<>(config.kafka().client());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().clientBootstrapServers());
        return Admin.create(props);
    }

    List<String> rowTopics(List<String> collections) {
        return collections.stream().map(c -> TopicNames.rowsTopic(config.topicPrefix(), c)).toList();
    }

    List<String> changeTopics(List<String> collections) {
        return collections.stream()
                .map(c -> TopicNames.changeTopic(config.topicPrefix(), config.mongodb().database(), c)).toList();
    }

    /** Every mapped collection, or the named ones after checking they are mapped. */
    List<String> collections(List<String> named) {
        for (String c : named) {
            if (config.mapping().collection(c).isEmpty()) {
                throw new IllegalArgumentException("--collection " + c + ": not in the mapping " + config.mappingFile()
                        + "; use one of " + config.mapping().collectionNames());
            }
        }
        return named.isEmpty() ? config.mapping().collectionNames() : named;
    }

    /** A rebuild of every mapped table into {@code schema}, with the live sink's settings otherwise. */
    SchemaRebuild rebuild(String schema) {
        PostgresSettings p = config.postgres();
        Mongo2pgConfig target = new Mongo2pgConfig(config.source(), config.mappingFile(), config.mapping(),
                config.topicPrefix(), config.dataDir(), config.mongodb(), config.kafka(),
                new PostgresSettings(p.jdbcUrl(), p.user(), p.password(), schema), config.transformer(), config.sink(),
                config.http(), config.connect());
        return new SchemaRebuild(ServiceSettings.sink(target, config.kafka().clientBootstrapServers()),
                RelationalModel.of(config.mapping()));
    }

    /** @throws IllegalArgumentException when {@code schema} cannot hold a rebuild */
    void checkRebuildSchema(String schema) {
        if (schema.equals(config.postgres().schema()) || schema.equals("mongo2pg") || schema.startsWith("pg_")
                || schema.equals("information_schema")) {
            throw new IllegalArgumentException("--into-schema " + schema + ": a rebuild needs a schema of its own, not "
                    + "the live schema '" + config.postgres().schema() + "', 'mongo2pg' or a system schema; e.g. "
                    + "--into-schema " + config.postgres().schema() + "_next");
        }
    }
}
