package io.mongo2pg.connectors.connect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys a connector idempotently: validate through the plugin (so that Connect's real errors are shown, each
 * against its key), write the configuration only if it differs from the deployed one, then wait until the connector
 * and its task run or fail.
 */
public final class ConnectorDeployer {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final ConnectRestClient client;

    public ConnectorDeployer(ConnectRestClient client) {
        this.client = client;
    }

    /**
     * @param waitForRunning how long to wait for the connector to run; its last state is reported either way
     * @throws ConnectorValidationException if Connect finds errors in the configuration; nothing was changed
     * @throws ConnectRestException if Connect cannot be reached or refuses the configuration
     */
    public DeployResult deploy(ConnectorDefinition connector, Duration waitForRunning) throws InterruptedException {
        ConfigValidation validation = client.validate(connector);
        if (!validation.valid()) {
            throw new ConnectorValidationException(connector.name(), validation);
        }
        DeployResult.Action action = write(connector);
        return new DeployResult(connector.name(), action, awaitSettled(connector.name(), waitForRunning));
    }

    private DeployResult.Action write(ConnectorDefinition connector) {
        Optional<Map<String, String>> current = client.config(connector.name());
        // Connect adds "name" to the stored configuration; compare with it included.
        Map<String, String> wanted = withName(connector);
        if (current.isPresent() && current.get().equals(wanted)) {
            return DeployResult.Action.UNCHANGED;
        }
        boolean created = client.putConfig(connector.name(), wanted);
        return created ? DeployResult.Action.CREATED : DeployResult.Action.UPDATED;
    }

    private static Map<String, String> withName(ConnectorDefinition connector) {
        LinkedHashMap<String, String> config = new LinkedHashMap<>(connector.config());
        config.put("name", connector.name());
        return config;
    }

    /** Polls the status until the connector runs with all tasks, something failed, or time is up. */
    private ConnectorStatus awaitSettled(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectorStatus last = null;
        while (true) {
            Optional<ConnectorStatus> status = client.status(name);
            if (status.isPresent()) {
                last = status.get();
                if (last.running() || last.failure().isPresent()) {
                    return last;
                }
            }
            if (System.nanoTime() >= deadline) {
                return last != null ? last : new ConnectorStatus(name, "UNKNOWN", null, null, List.of());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }
}
