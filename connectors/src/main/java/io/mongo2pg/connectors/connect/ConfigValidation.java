package io.mongo2pg.connectors.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Kafka Connect's {@code PUT /connector-plugins/{plugin}/config/validate} said about a configuration: the
 * connector's own validation (Debezium checks the settings and connects to MongoDB), every error against its key.
 *
 * @param errorCount Connect's {@code error_count}
 * @param errors one entry per setting with at least one error
 */
public record ConfigValidation(int errorCount, List<KeyErrors> errors) {

    /**
     * The errors of one setting.
     *
     * @param value the value Connect saw, masked if it is a secret
     */
    public record KeyErrors(String key, String value, List<String> messages) {
        public KeyErrors {
            messages = List.copyOf(messages);
        }
    }

    public ConfigValidation {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errorCount == 0;
    }

    /**
     * Parses Connect's answer ({@code configs[].value.{name,value,errors}}); a value Connect does not echo (it
     * leaves out values it could not parse) is taken from the submitted configuration.
     */
    static ConfigValidation parse(JsonNode body, Map<String, String> submitted) {
        List<KeyErrors> errors = new ArrayList<>();
        for (JsonNode config : body.path("configs")) {
            JsonNode value = config.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                String key = value.path("name").asText();
                String shown = value.path("value").isValueNode() && !value.path("value").isNull()
                        ? value.path("value").asText() : submitted.get(key);
                errors.add(new KeyErrors(key, ConnectorDefinition.maskValue(key, shown), messages));
            }
        }
        return new ConfigValidation(body.path("error_count").asInt(errors.size()), errors);
    }

    /** One line per error: {@code key = value: message}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (KeyErrors key : errors) {
            key.messages().forEach(m -> lines.add(key.key() + " = " + key.value() + ": " + m));
        }
        return lines;
    }
}
