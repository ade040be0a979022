package io.mongo2pg.transformer.event;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kind of change a Debezium MongoDB event reports, by its {@code op} code. */
public enum Operation {
    /** A document read by an initial or incremental snapshot. */
    READ("r"),
    CREATE("c"),
    /** An update or a replace: Debezium reports both as {@code u}. */
    UPDATE("u"),
    DELETE("d");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /** The code Debezium writes in the event's {@code op} field. */
    public String code() {
        return code;
    }

    /** Parses an {@code op} code; the error lists every allowed code. */
    public static Operation parse(String code) {
        // A switch, not a search of values(): it runs for every event.
        Operation operation = code == null ? null : switch (code) {
            case "r" -> READ;
            case "c" -> CREATE;
            case "u" -> UPDATE;
            case "d" -> DELETE;
            default -> null;
        };
        if (operation == null) {
            throw new IllegalArgumentException("Unknown Debezium operation '" + code + "'; expected one of: "
                    + allowedCodes());
        }
        return operation;
    }

    public static String allowedCodes() {
        return Arrays.stream(values()).map(o -> o.code + " (" + o.name() + ")").collect(Collectors.joining(", "));
    }
}
