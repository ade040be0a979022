package io.mongo2pg.cli.connector;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.connect.ConnectorDefinition;
import io.mongo2pg.connectors.connect.ConnectorRenderer;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every connector subcommand shares: the config file and the Connect URL. */
final class ConnectorOptions {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The mongo2pg config file (mongodb, mapping, topicPrefix, connect).")
    Path config;

    @Option(names = "--connect-url", paramLabel = "URL",
            description = "Kafka Connect's REST URL (default: connect.url of the config file, else http://localhost:8083).")
    URI connectUrl;

    Mongo2pgConfig load() {
        return ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.MONGODB));
    }

    /** The connectors for the config: one per collection with capture.scope=collection, else one. */
    static List<ConnectorDefinition> connectors(Mongo2pgConfig config) {
        return ConnectorRenderer.render(config.capture());
    }

    URI connectUrl(Mongo2pgConfig loaded) {
        return connectUrl != null ? connectUrl : URI.create(loaded.connect().url());
    }
}
