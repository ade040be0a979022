package io.mongo2pg.sink.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.mongo2pg.sink.config.SinkConfig;

/** The connection pool the sink writes through. */
public final class DataSourceFactory {
    private DataSourceFactory() {
    }

    /** A pool without metrics. */
    public static HikariDataSource create(SinkConfig config) {
        return create(config, null);
    }

    /**
     * A HikariCP pool of {@code pool.max.size} connections (one per consumer loop, one to read offsets on rebalance)
     * with the settings the writer relies on: no auto-commit; batched control-table inserts rewritten to multi-row
     * statements. With a registry, the pool's own meters ({@code hikaricp.*}) go there too.
     */
    public static HikariDataSource create(SinkConfig config, MeterRegistry registry) {
        return create(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.apply().poolMaxSize(), registry);
    }

    /**
     * The same pool for a writer outside the Kafka sink (import, benchmarks).
     *
     * @param user null to take it from the URL; likewise {@code password}
     * @param registry null for no meters
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int poolSize,
                                          MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mongo2pg-sink");
        hikari.setJdbcUrl(jdbcUrl);
        if (user != null) {
            hikari.setUsername(user);
        }
        if (password != null) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(poolSize);
        hikari.setAutoCommit(false);
        // Fail at start-up only through our own retries, not Hikari's: the first getConnection reports the error.
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "mongo2pg-sink");
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return new HikariDataSource(hikari);
    }
}
