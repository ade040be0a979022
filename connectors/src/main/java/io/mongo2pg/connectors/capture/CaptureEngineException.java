package io.mongo2pg.connectors.capture;

/** A Debezium capture engine could not start, failed while running, or did not stop cleanly. */
public class CaptureEngineException extends RuntimeException {

    public CaptureEngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaptureEngineException(String message) {
        super(message);
    }
}
