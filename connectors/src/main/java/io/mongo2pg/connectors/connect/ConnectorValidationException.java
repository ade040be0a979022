package io.mongo2pg.connectors.connect;

/** Kafka Connect found errors in a connector's configuration; {@link #validation()} has each against its key. */
public class ConnectorValidationException extends RuntimeException {

    private final transient ConfigValidation validation;

    public ConnectorValidationException(String connector, ConfigValidation validation) {
        super("Kafka Connect rejected the configuration of connector " + connector + " with "
                + validation.errorCount() + " error(s):\n  " + String.join("\n  ", validation.lines())
                + "\nFix these settings in the config file (mongodb.* or mongodb.debezium.*) and run again.");
        this.validation = validation;
    }

    public ConfigValidation validation() {
        return validation;
    }
}
