package io.mongo2pg.cli.e2e;

import com.mongodb.client.MongoClient;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The scenario on the in-process stack: the Mongo-compatible source (with its test-only adaptations for the
 * real Debezium connector, see STACK.md) and the embedded PostgreSQL 17.
 */
class EmbeddedPipelineEndToEndTest extends PipelineScenario {
    private EmbeddedMongoSource mongo;
    private EmbeddedPostgresServer postgres;

    @Override
    protected void startSources() {
        mongo = EmbeddedMongoSource.start();
        postgres = EmbeddedPostgresServer.start();
    }

    @Override
    protected MongoClient mongo() {
        return mongo.client();
    }

    @Override
    protected String mongoConnectionString() {
        return mongo.connectionString();
    }

    @Override
    protected BiFunction<String, String, Map<String, String>> captureOverrides() {
        return mongo::connectorOverrides;
    }

    @Override
    protected Postgres postgres() {
        return new Postgres(postgres.jdbcUrl(), postgres.user(), null);
    }

    @Override
    protected void stopSources() {
        if (mongo != null) {
            mongo.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
