package io.mongo2pg.sink.error;

/** The sink cannot go on (e.g. PostgreSQL stayed unreachable past the retry budget). Never swallowed. */
public class SinkException extends RuntimeException {
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public SinkException(String message) {
        super(message);
    }
}
