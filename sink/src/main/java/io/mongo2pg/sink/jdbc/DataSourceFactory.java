package io.mongo2pg.sink.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mongo2pg.sink.config.SinkConfig;

/** The connection pool the sink writes through. */
public final class DataSourceFactory {
    private DataSourceFactory() {
    }

    /**
     * A small pool (the sink writes on one thread and reads offsets on rebalance) with the PostgreSQL settings the
     * writer relies on: batched inserts rewritten to multi-row statements, no auto-commit.
     */
    public static HikariDataSource create(SinkConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mongo2pg-sink");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.jdbcUser() != null) {
            hikari.setUsername(config.jdbcUser());
        }
        if (config.jdbcPassword() != null) {
            hikari.setPassword(config.jdbcPassword());
        }
        hikari.setMaximumPoolSize(2);
        hikari.setAutoCommit(false);
        // Fail at start-up only through our own retries, not Hikari's: the first getConnection reports the error.
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "mongo2pg-sink");
        return new HikariDataSource(hikari);
    }
}
