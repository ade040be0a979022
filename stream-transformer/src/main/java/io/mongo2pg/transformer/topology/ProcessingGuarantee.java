package io.mongo2pg.transformer.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams' delivery guarantee for the transformer. */
public enum ProcessingGuarantee {
    /** Output rows, dead letters and consumed offsets commit in one Kafka transaction (the default). */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    /** Replays after a crash may emit a RowSet twice; harmless for the sink, which applies RowSets idempotently. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String streamsValue;

    ProcessingGuarantee(String streamsValue) {
        this.streamsValue = streamsValue;
    }

    /** The value of Kafka Streams' {@code processing.guarantee}. */
    public String streamsValue() {
        return streamsValue;
    }

    /** Parses {@code exactly_once_v2} or {@code at_least_once}; the error lists the allowed values. */
    public static ProcessingGuarantee parse(String value) {
        return Arrays.stream(values()).filter(g -> g.streamsValue.equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Invalid value " + value
                        + " for configuration processing.guarantee: use one of " + allowedValues()));
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ProcessingGuarantee::streamsValue).collect(Collectors.joining(", "));
    }
}
