package io.mongo2pg.bench.sink;

import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One fresh database per measured run on the same server, so every run starts from empty tables and its own
 * control schema, and the server's caches and settings are the same for all.
 */
record BenchDatabases(EmbeddedPostgresServer server) {
    String create(String name) {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create benchmark database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Frees the disk of a measured run's database (a round of ~1M rows takes ~1 GB over its databases). */
    void drop(String name) {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop benchmark database " + name + ": " + e.getMessage(), e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server.port() + "/" + database + "?user=" + server.user();
    }

    /** The server settings that matter for the figures, printed next to them. */
    String settings() {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                     + "WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_wal_size', 'wal_level', "
                     + "'full_page_writes', 'server_version')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "(settings unavailable: " + e.getMessage() + ")";
        }
    }
}
