package io.mongo2pg.cli.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same scenario against a real MongoDB replica set and a real PostgreSQL server in containers, with
 * Debezium's production defaults (no adaptations). Runs wherever Docker is available (users' machines,
 * hosted CI); elsewhere the whole class is skipped and says why.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine is reachable here, so no real MongoDB "
        + "replica set or PostgreSQL container can start; the same scenario runs on the in-process stack "
        + "(EmbeddedPipelineEndToEndTest)")
class ContainersPipelineEndToEndTest extends PipelineScenario {
    private MongoDBContainer mongoContainer;
    private PostgreSQLContainer postgresContainer;
    private MongoClient client;

    @Override
    protected void startSources() {
        mongoContainer = new MongoDBContainer("mongo:7.0").withReplicaSet();
        postgresContainer = new PostgreSQLContainer("postgres:17");
        mongoContainer.start();
        postgresContainer.start();
        client = MongoClients.create(mongoContainer.getConnectionString());
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    protected MongoClient mongo() {
        return client;
    }

    @Override
    protected String mongoConnectionString() {
        return mongoContainer.getConnectionString();
    }

    @Override
    protected BiFunction<String, String, Map<String, String>> captureOverrides() {
        return (db, collection) -> Map.of();
    }

    @Override
    protected Postgres postgres() {
        return new Postgres(postgresContainer.getJdbcUrl(), postgresContainer.getUsername(), postgresContainer.getPassword());
    }

    @Override
    protected void stopSources() {
        if (client != null) {
            client.close();
        }
        if (mongoContainer != null) {
            mongoContainer.stop();
        }
        if (postgresContainer != null) {
            postgresContainer.stop();
        }
    }
}
