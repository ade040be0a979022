package io.mongo2pg.cli.connector;

import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.connect.ConfigValidation;
import io.mongo2pg.connectors.connect.ConnectRestClient;
import io.mongo2pg.connectors.connect.ConnectRestException;
import io.mongo2pg.connectors.connect.ConnectorDefinition;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Asks Kafka Connect to validate the connector configuration and prints every error against its key. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate the connector configuration with Kafka Connect's plugin validation",
                "(Debezium checks each setting and connects to MongoDB). Changes nothing.",
                "Exit code 0 if valid, 1 if Connect found errors, 3 if Connect could not be asked."})
public final class ConnectorValidateCommand implements Callable<Integer> {
    @Mixin
    private ConnectorOptions options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Mongo2pgConfig config = options.load();
        ConnectRestClient client = new ConnectRestClient(options.connectUrl(config));
        PrintWriter out = spec.commandLine().getOut();
        int exit = 0;
        try {
            for (ConnectorDefinition connector : ConnectorOptions.connectors(config)) {
                ConfigValidation validation = client.validate(connector);
                if (validation.valid()) {
                    out.println("connector " + connector.name() + ": valid");
                } else {
                    out.println("connector " + connector.name() + ": " + validation.errorCount() + " error(s)");
                    validation.lines().forEach(line -> out.println("  " + line));
                    exit = 1;
                }
            }
        } catch (ConnectRestException e) {
            spec.commandLine().getErr().println("mongo2pg: " + e.getMessage());
            return 3;
        }
        if (exit != 0) {
            out.println("Fix these settings in " + options.config + " (mongodb.* or mongodb.debezium.*) and run again.");
        }
        out.flush();
        return exit;
    }
}
