package io.mongo2pg.cli.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mongo2pg.cli.run.config.HttpSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code /health} (200 while the process is up: liveness), {@code /ready} (200 once every part runs, else 503 with
 * each part's state: readiness) and {@code /metrics} (Prometheus text format), on the JDK's own HTTP server.
 */
final class OpsHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static OpsHttpServer start(HttpSettings settings, ServiceRuntime runtime, OpsMetrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve /health, /ready and /metrics on " + settings.host() + ":"
                    + settings.port() + " (" + e.getMessage() + "); choose a free port with http.port, or -1 to "
                    + "serve none", e);
        }
        server.createContext("/health", exchange -> respond(exchange, 200, "text/plain", () -> "UP\n"));
        server.createContext("/ready", exchange -> respond(exchange, runtime.ready() ? 200 : 503, "text/plain",
                () -> readiness(runtime)));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", metrics::scrape));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "mongo2pg-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsHttpServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static String readiness(ServiceRuntime runtime) {
        if (runtime.parts().isEmpty()) {
            return "STARTING\n";
        }
        return runtime.parts().stream()
                .map(p -> p.name() + " " + (p.running() ? "RUNNING" : p.failure().map(f -> "FAILED " + f)
                        .orElse("NOT RUNNING")))
                .collect(Collectors.joining("\n", runtime.ready() ? "READY\n" : "NOT READY\n", "\n"));
    }

    private static void respond(HttpExchange exchange, int status, String type, Supplier<String> body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
