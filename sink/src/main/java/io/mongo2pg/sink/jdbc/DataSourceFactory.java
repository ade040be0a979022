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
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mongo2pg-sink");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.jdbcUser() != null) {
            hikari.setUsername(config.jdbcUser());
        }
        if (config.jdbcPassword() != null) {
            hikari.setPassword(config.jdbcPassword());
        }
        hikari.setMaximumPoolSize(config.apply().poolMaxSize());
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
