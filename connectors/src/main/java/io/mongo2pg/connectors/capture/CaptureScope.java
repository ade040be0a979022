package io.mongo2pg.connectors.capture;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Debezium's {@code capture.scope}: which change stream the connector opens. It decides how many engines we run,
 * because a {@code collection}-scoped change stream can only watch one collection.
 */
public enum CaptureScope {
    /** One change stream on the whole deployment (Debezium's default). */
    DEPLOYMENT,
    /** One change stream on one database. */
    DATABASE,
    /** One change stream per collection, hence one engine per collection. */
    COLLECTION;

    /** The value as Debezium spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Debezium's spelling, case-insensitively.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CaptureScope parse(String value) {
        for (CaptureScope scope : values()) {
            if (scope.value().equalsIgnoreCase(value.trim())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("Invalid value " + value + " for configuration "
                + MongoCaptureConfig.CAPTURE_SCOPE + ": must be one of "
                + Arrays.stream(values()).map(CaptureScope::value).collect(Collectors.joining(", ")));
    }
}
