package io.mongo2pg.transformer;

/** The transformer could not start, or stopped on a fatal error. */
public class TransformerException extends RuntimeException {
    public TransformerException(String message) {
        super(message);
    }

    public TransformerException(String message, Throwable cause) {
        super(message, cause);
    }
}
