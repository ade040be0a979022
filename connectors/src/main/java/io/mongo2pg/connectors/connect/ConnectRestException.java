package io.mongo2pg.connectors.connect;

/** Kafka Connect's REST API could not be reached or answered with an error; the message says what to do. */
public class ConnectRestException extends RuntimeException {

    public ConnectRestException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectRestException(String message) {
        super(message);
    }
}
