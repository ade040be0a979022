package io.mongo2pg.transformer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves a Prometheus registry's scrape at {@code GET /metrics} over plain HTTP, on the JDK's own server. */
public final class PrometheusEndpoint implements AutoCloseable {
    public static final String PATH = "/metrics";
    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code address} (port 0: a free port, see {@link #port()}). */
    public static PrometheusEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            server.createContext(PATH, exchange -> scrape(exchange, registry));
            server.start();
            return new PrometheusEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + address + ": " + e.getMessage()
                    + "; choose another metrics port", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void scrape(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
