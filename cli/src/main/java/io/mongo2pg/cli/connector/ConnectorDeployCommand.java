package io.mongo2pg.cli.connector;

import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.connect.ConnectRestClient;
import io.mongo2pg.connectors.connect.ConnectRestException;
import io.mongo2pg.connectors.connect.ConnectorDefinition;
import io.mongo2pg.connectors.connect.ConnectorDeployer;
import io.mongo2pg.connectors.connect.ConnectorValidationException;
import io.mongo2pg.connectors.connect.DeployResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Validates, then creates or updates the connector through Connect's REST API, then reports its state. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Validate the connector configuration, then create or update the connector in Kafka Connect",
                "(idempotent: an unchanged configuration is left alone) and wait for it and its task to run.",
                "Exit code 0 when running, 1 if Connect found errors or the connector failed or is not",
                "running in time, 3 if Connect could not be reached."})
public final class ConnectorDeployCommand implements Callable<Integer> {
    @Mixin
    private ConnectorOptions options;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for the connector to run (default: ${DEFAULT-VALUE}).")
    private int waitSeconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Mongo2pgConfig config = options.load();
        ConnectRestClient client = new ConnectRestClient(options.connectUrl(config));
        ConnectorDeployer deployer = new ConnectorDeployer(client);
        PrintWriter out = spec.commandLine().getOut();
        int exit = 0;
        try {
            for (ConnectorDefinition connector : ConnectorOptions.connectors(config)) {
                exit = Math.max(exit, deploy(deployer, connector, client, out));
            }
        } catch (ConnectRestException e) {
            spec.commandLine().getErr().println("mongo2pg: " + e.getMessage());
            return 3;
        }
        out.flush();
        return exit;
    }

    private int deploy(ConnectorDeployer deployer, ConnectorDefinition connector, ConnectRestClient client,
                       PrintWriter out) throws InterruptedException {
        DeployResult result;
        try {
            result = deployer.deploy(connector, Duration.ofSeconds(waitSeconds));
        } catch (ConnectorValidationException e) {
            out.println(e.getMessage());
            return 1;
        }
        out.println("connector " + result.name() + ": " + result.action() + "; " + result.status().summary());
        if (result.status().failure().isPresent()) {
            out.println("  " + result.status().failure().get());
            out.println("  Fix the cause, then run deploy again (or restart it: curl -X POST '" + client.baseUrl()
                    + "connectors/" + result.name() + "/restart?includeTasks=true&onlyFailed=true').");
            return 1;
        }
        if (!result.status().running()) {
            out.println("  not running after " + waitSeconds + " s; follow it with: curl " + client.baseUrl()
                    + "connectors/" + result.name() + "/status");
            return 1;
        }
        return 0;
    }
}
