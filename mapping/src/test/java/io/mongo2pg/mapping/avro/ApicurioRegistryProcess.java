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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;

/**
 * A real Apicurio Registry (in-memory storage) run as a child JVM from the Quarkus runner jar of
 * {@code io.apicurio:apicurio-registry-app:<version>:zip:all}, which Maven resolves as a test dependency of this
 * module; the zip is extracted once into {@code target/}.
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

    private static Path extracted() throws IOException {
        Path home = Path.of("target", "apicurio-registry-" + VERSION).toAbsolutePath();
        if (Files.exists(home.resolve("apicurio-registry-app-" + VERSION + "-runner.jar"))) {
            return home;
        }
        Path zip = localRepository().resolve("io/apicurio/apicurio-registry-app/" + VERSION
                + "/apicurio-registry-app-" + VERSION + "-all.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = home.resolve(entry.getName()).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("Zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                }
            }
        }
        return home;
    }

    private static void copy(InputStream in, Path target) {
        try {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where Maven put the zip this module's pom declares: -Dmaven.repo.local if given, else ~/.m2/repository. */
    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
