package io.mongo2pg.cli.connector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mongo2pg connector}: the Debezium MongoDB connector for a Kafka Connect cluster. */
@Command(name = "connector", mixinStandardHelpOptions = true,
        description = "Render, validate and deploy the Debezium MongoDB connector for Kafka Connect or Strimzi.",
        subcommands = {ConnectorRenderCommand.class, ConnectorValidateCommand.class, ConnectorDeployCommand.class})
public final class ConnectorCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
