package io.mongo2pg.transformer.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How RowSets are written to the rows topics. */
public enum RowFormat {
    /** Canonical Extended JSON ({@code RowSetCodec}): readable with a console consumer; for debugging. */
    JSON("json"),
    /**
     * The default. Avro with schemas generated from the mapping: Confluent wire format through the Apicurio serde
     * when a schema registry URL is configured, else Avro single-object encoding.
     */
    AVRO("avro");

    private final String configValue;

    RowFormat(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static RowFormat parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.configValue.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Invalid value " + value
                        + " for configuration row.format: use one of " + allowedValues()));
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(RowFormat::configValue).collect(Collectors.joining(", "));
    }
}
