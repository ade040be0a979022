package io.mongo2pg.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.jdbc.DataSourceFactory;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky embedded binaries; fsync and synchronous_commit are off there) and a pool made
 * by the production {@link DataSourceFactory}. Start once per test class; {@link #reset} gives each test fresh tables,
 * {@link #createDatabase} a whole fresh database (its own target and control schemas) on the same server.
 */
public final class PostgresFixture implements AutoCloseable {
    private static final String DEFAULT_DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;
    private final HikariDataSource dataSource;
    private final boolean ownsServer;

    private PostgresFixture(EmbeddedPostgres postgres, String jdbcUrl, boolean ownsServer) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.ownsServer = ownsServer;
        this.dataSource = DataSourceFactory.create(SinkTestSupport.config(jdbcUrl, SinkTestSupport.sampleAnalyticsMapping()));
    }

    /** A fixture over a database of a server started elsewhere; closing it closes only its pool. */
    public static PostgresFixture connect(String jdbcUrl) {
        return new PostgresFixture(null, jdbcUrl, false);
    }

    public static PostgresFixture start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.start();
            return new PostgresFixture(server, server.getJdbcUrl("postgres", DEFAULT_DATABASE), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the empty database {@code name} on this server. Closing the returned fixture closes only its pool;
     * the database stays until the server stops.
     */
    public PostgresFixture createDatabase(String name) {
        execute("CREATE DATABASE " + SqlIdentifier.quote(name));
        return new PostgresFixture(postgres, postgres.getJdbcUrl("postgres", name), false);
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Drops the target and control schemas and creates them again for {@code model}. */
    public void reset(RelationalModel model) {
        execute("DROP SCHEMA IF EXISTS " + SinkTestSupport.SCHEMA + " CASCADE", "DROP SCHEMA IF EXISTS mongo2pg CASCADE");
        new SchemaInitializer(dataSource, SinkTestSupport.SCHEMA, SinkTestSupport.fastRetry()).initialize(model);
    }

    public void execute(String... statements) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query, each as column label to value (as the driver returns it). */
    public List<Map<String, Object>> rows(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            c.rollback();
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a table as text (stable to compare whole tables), ordered by the text of the row. */
    public List<String> table(String table) {
        return rows("SELECT t::text AS r FROM " + SinkTestSupport.SCHEMA + "." + table + " t ORDER BY 1").stream()
                .map(r -> (String) r.get("r")).toList();
    }

    public long count(String sql) {
        return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        if (ownsServer) {
            postgres.close();
        }
    }
}
