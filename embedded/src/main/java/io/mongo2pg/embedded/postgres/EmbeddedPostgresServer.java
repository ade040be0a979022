package io.mongo2pg.embedded.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries) run as a child process of this JVM.
 *
 * <p>It runs with zonky's defaults {@code fsync=off} ({@code postgres -F}) and {@code synchronous_commit=off}:
 * fast, but not crash-safe; quote that next to any throughput figure. When the JVM runs
 * as root, zonky starts the binaries under {@code unshare -U} because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a throw-away server on a free port; its data directory is deleted by {@link #close()}. */
    public static EmbeddedPostgresServer start() {
        return start(EmbeddedPostgres.builder(), "a temporary directory");
    }

    /**
     * Starts a server whose data persists in {@code dataDir}: an existing cluster there is reused, otherwise one is
     * created with {@code initdb}.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port),
                dataDir.toString());
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder, String where) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres postgres = builder.start();
            LOG.info("PostgreSQL started on port {} in {} ms (data in {})", postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000, where);
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL with data in " + where + " failed to start", e);
        }
    }

    /** The JDBC URL of the {@code postgres} database, including the user ({@code ?user=postgres}). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    /** The superuser; it authenticates without a password ({@code trust}) from localhost. */
    public String user() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    /** A fresh unpooled data source for the {@code postgres} database as {@link #user()}. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Stops the server (fast shutdown) and waits for it; a temporary data directory is deleted. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL on port " + port() + " did not stop cleanly", e);
        }
    }
}
