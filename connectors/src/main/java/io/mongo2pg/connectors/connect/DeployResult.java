package io.mongo2pg.connectors.connect;

/**
 * What deploying one connector did.
 *
 * @param status the connector's state when the deployer stopped waiting
 */
public record DeployResult(String name, Action action, ConnectorStatus status) {

    /** What happened to the connector's configuration. */
    public enum Action {
        CREATED, UPDATED, UNCHANGED
    }
}
