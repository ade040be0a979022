package io.mongo2pg.cli.run.config;

import java.util.Map;

/**
 * The {@code sink} section.
 *
 * @param groupId the sink's consumer group
 * @param settings further sink settings by the sink's own keys ({@code max.batch.size}, {@code retry.max.attempts},
 *     {@code kafka.<consumer setting>}, ...)
 */
public record SinkSettings(String groupId, Map<String, String> settings) {
    public SinkSettings {
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "SinkSettings[groupId=" + groupId + ", settings=" + Masking.settings(settings) + "]";
    }
}
