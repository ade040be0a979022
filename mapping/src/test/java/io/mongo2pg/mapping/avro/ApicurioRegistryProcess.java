package io.mongo2pg.mapping.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A real Apicurio Registry (in-memory storage) run as a child JVM from the Quarkus runner jar of
 * {@code io.apicurio:apicurio-registry-app:<version>:zip:all}, which this module's pom unpacks into {@code target/}.
 */
final class ApicurioRegistryProcess implements AutoCloseable {
    private static final String VERSION = "3.0.9";
    private final Process process;
    private final String baseUrl;

    private ApicurioRegistryProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static ApicurioRegistryProcess start() throws IOException {
        Path home = extracted();
        int port = freePort();
        Path log = home.resolve("registry-" + port + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-jar", "apicurio-registry-app-" + VERSION + "-runner.jar")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, "http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited; see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(registry.coreApi() + "/system/info")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return registry;
    }

    /** The core API (v3) URL the serdes are configured with. */
    String coreApi() {
        return baseUrl + "/apis/registry/v3";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The registry this module's pom unpacks into target/ before the tests run. */
    private static Path extracted() {
        Path home = Path.of("target", "apicurio-registry-" + VERSION).toAbsolutePath();
        if (!Files.exists(home.resolve("apicurio-registry-app-" + VERSION + "-runner.jar"))) {
            throw new IllegalStateException("The Apicurio registry is not unpacked in " + home + "; run the tests through "
                    + "Maven (mvn -pl mapping test), whose process-test-resources phase unpacks it");
        }
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
