package io.mongo2pg.connectors.capture;

/**
 * Why an engine stopped on its own, as Debezium's completion callback reported it.
 *
 * @param engineName the engine that stopped
 * @param message Debezium's message
 * @param cause the error, possibly null when Debezium gives only a message
 */
public record CaptureFailure(String engineName, String message, Throwable cause) {

    /** An exception naming the engine, for callers that must fail. */
    public CaptureEngineException toException() {
        return new CaptureEngineException("Debezium engine '" + engineName + "' failed: " + message, cause);
    }
}
