package io.mongo2pg.transformer.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Debezium MongoDB connector's {@code capture.mode}: what an update event carries. The transformer must be told,
 * since an update without {@code after} means different things: with full documents the document was deleted
 * before Debezium looked it up (the delete follows), with deltas it is the normal case.
 */
public enum CaptureMode {
    /** Updates carry only {@code updateDescription}; the transformer applies it to the document it keeps. */
    CHANGE_STREAMS("change_streams", false),
    /** The default: updates carry the document as looked up after the change (it may be newer, or null). */
    CHANGE_STREAMS_UPDATE_FULL("change_streams_update_full", true),
    CHANGE_STREAMS_WITH_PRE_IMAGE("change_streams_with_pre_image", false),
    CHANGE_STREAMS_UPDATE_FULL_WITH_PRE_IMAGE("change_streams_update_full_with_pre_image", true);

    private final String debeziumValue;
    private final boolean fullDocuments;

    CaptureMode(String debeziumValue, boolean fullDocuments) {
        this.debeziumValue = debeziumValue;
        this.fullDocuments = fullDocuments;
    }

    public String debeziumValue() {
        return debeziumValue;
    }

    /** Whether updates carry the looked-up document, so an update without one is of a since-deleted document. */
    public boolean fullDocuments() {
        return fullDocuments;
    }

    /** Parses Debezium's value; the error names the setting and lists the allowed values. */
    public static CaptureMode parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.debeziumValue.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Invalid value " + value
                        + " for configuration capture.mode: use the connector's capture.mode, one of " + allowedValues()));
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(CaptureMode::debeziumValue).collect(Collectors.joining(", "));
    }
}
