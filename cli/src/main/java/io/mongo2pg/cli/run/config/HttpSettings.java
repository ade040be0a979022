package io.mongo2pg.cli.run.config;

/**
 * The {@code http} section: where /health, /ready and /metrics are served.
 *
 * @param port 0 for a free port, -1 to serve nothing
 */
public record HttpSettings(String host, int port) {
    public boolean enabled() {
        return port >= 0;
    }
}
