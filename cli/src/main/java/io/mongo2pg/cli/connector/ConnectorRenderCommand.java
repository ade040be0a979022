package io.mongo2pg.cli.connector;

import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.connect.ConnectorDefinition;
import io.mongo2pg.connectors.connect.ConnectorRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints (or writes) the connector configuration as Kafka Connect JSON or a Strimzi KafkaConnector. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print the Debezium MongoDB connector configuration generated from the config file and mapping.",
                "Passwords are masked unless --show-secrets is given; Connect config provider references",
                "(${file:...}, ${secrets:...}) written in the config file are kept as they are."})
public final class ConnectorRenderCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { connect, strimzi }

    @Mixin
    private ConnectorOptions options;

    @Option(names = "--format", defaultValue = "connect", paramLabel = "FORMAT",
            description = "connect (Kafka Connect REST JSON) or strimzi (KafkaConnector YAML). Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--strimzi-cluster", paramLabel = "NAME",
            description = "strimzi.io/cluster label: the KafkaConnect resource's name (default: connect.strimziCluster).")
    private String strimziCluster;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write one file per connector (<name>.json or <name>.yaml) instead of printing.")
    private Path outputDir;

    @Option(names = "--show-secrets", description = "Write passwords as they are instead of ****.")
    private boolean showSecrets;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Mongo2pgConfig config = options.load();
        List<ConnectorDefinition> connectors = ConnectorOptions.connectors(config).stream()
                .map(c -> showSecrets ? c : c.masked()).toList();
        String cluster = strimziCluster != null ? strimziCluster : config.connect().strimziCluster();
        if (format == Format.strimzi && (cluster == null || cluster.isBlank())) {
            throw new IllegalArgumentException("--strimzi-cluster is missing: name the KafkaConnect resource the "
                    + "connector runs in (or set connect.strimziCluster in " + options.config + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < connectors.size(); i++) {
            String text = render(connectors.get(i), cluster, config.connect().strimziApiVersion());
            if (outputDir != null) {
                Path file = Files.createDirectories(outputDir).resolve(fileName(connectors.get(i)));
                Files.writeString(file, text + "\n");
                out.println("wrote " + file);
            } else {
                out.println(i > 0 && format == Format.strimzi ? "---\n" + text : text);
            }
        }
        if (!showSecrets && !connectors.equals(ConnectorOptions.connectors(config))) {
            spec.commandLine().getErr().println("mongo2pg: passwords are masked as ****; add --show-secrets to write "
                    + "them, or put a Connect config provider reference such as ${file:/opt/secrets/mongo.properties:uri} "
                    + "in the config file");
        }
        out.flush();
        return 0;
    }

    private String render(ConnectorDefinition connector, String cluster, String apiVersion) {
        return format == Format.connect ? ConnectorRenderer.connectJson(connector)
                : ConnectorRenderer.strimziYaml(connector, cluster, apiVersion).stripTrailing();
    }

    private String fileName(ConnectorDefinition connector) {
        String base = ConnectorRenderer.kubernetesName(connector.name());
        return base + (format == Format.connect ? ".json" : ".yaml");
    }
}
