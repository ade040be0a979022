package io.mongo2pg.connectors.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of Kafka Connect's REST API that deploying a connector needs. Every failure names the URL and
 * says what to check; Connect's own error message is kept.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUrl;
    private final HttpClient http;

    /** @param baseUrl the worker's REST URL, e.g. {@code http://connect:8083} */
    public ConnectRestClient(URI baseUrl) {
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Asks the connector plugin to validate {@code connector}'s configuration. Debezium checks every setting and
     * connects to MongoDB, so this shows the real problem where creating the connector would only answer with an
     * HTTP 500.
     */
    public ConfigValidation validate(ConnectorDefinition connector) {
        String path = "connector-plugins/" + segment(connector.pluginAlias()) + "/config/validate";
        HttpResponse<String> response = send(put(path, connector.config()));
        if (response.statusCode() == 404) {
            throw new ConnectRestException("Kafka Connect at " + baseUrl + " has no connector plugin "
                    + connector.pluginAlias() + " (" + connector.connectorClass() + "): install the Debezium MongoDB "
                    + "connector plugin in the worker's plugin.path and restart the worker. Connect said: "
                    + message(response));
        }
        return ConfigValidation.parse(body(response, "validate the configuration of " + connector.name()),
                connector.config());
    }

    /** The connector's current configuration, empty if no connector has this name. */
    public Optional<Map<String, String>> config(String name) {
        HttpResponse<String> response = send(get("connectors/" + segment(name) + "/config"));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body = body(response, "read the configuration of connector " + name);
        return Optional.of(JSON.convertValue(body, new TypeReference<Map<String, String>>() { }));
    }

    /**
     * Creates or updates the connector ({@code PUT /connectors/{name}/config}).
     *
     * @return true if it was created, false if an existing connector was updated
     */
    public boolean putConfig(String name, Map<String, String> config) {
        HttpResponse<String> response = send(put("connectors/" + segment(name) + "/config", config));
        body(response, "create or update connector " + name);
        return response.statusCode() == 201;
    }

    /** The connector's state, empty if no connector has this name. */
    public Optional<ConnectorStatus> status(String name) {
        HttpResponse<String> response = send(get("connectors/" + segment(name) + "/status"));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(ConnectorStatus.parse(body(response, "read the status of connector " + name)));
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest put(String path, Map<String, String> config) {
        try {
            return request(path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreachable: a map of strings always serializes", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException("Cannot reach Kafka Connect at " + baseUrl + " (" + request.method() + " "
                    + request.uri().getPath() + "): " + e + ". Check the URL (connect.url in the config file or "
                    + "--connect-url) and that the worker is running.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException("Interrupted while calling Kafka Connect at " + baseUrl, e);
        }
    }

    private JsonNode body(HttpResponse<String> response, String action) {
        if (response.statusCode() / 100 != 2) {
            throw new ConnectRestException("Kafka Connect at " + baseUrl + " could not " + action + ": HTTP "
                    + response.statusCode() + " " + message(response)
                    + (response.statusCode() == 500 ? " (run 'mongo2pg connector validate' to see the real error "
                    + "of each setting)" : ""));
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ConnectRestException("Kafka Connect at " + baseUrl + " answered " + action + " with something "
                    + "that is not JSON; is this URL a Connect worker? " + abbreviate(response.body()), e);
        }
    }

    /** Connect's {@code {"error_code":..., "message":...}}, or the raw body. */
    private static String message(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("message")) {
                return body.get("message").asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: show it as it came
        }
        return abbreviate(response.body());
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
