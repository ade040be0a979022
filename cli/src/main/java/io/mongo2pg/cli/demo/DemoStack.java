package io.mongo2pg.cli.demo;

import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's servers, all in this process: the Mongo-compatible source, Kafka and PostgreSQL. */
record DemoStack(EmbeddedMongoSource mongo, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres)
        implements AutoCloseable {
    static DemoStack start(Path workDir, int postgresPort) throws IOException {
        EmbeddedMongoSource mongo = EmbeddedMongoSource.start();
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Files.createDirectories(workDir.resolve("kafka")));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(workDir.resolve("postgres"), postgresPort);
        return new DemoStack(mongo, kafka, postgres);
    }

    @Override
    public void close() {
        kafka.close();
        postgres.close();
        mongo.close();
    }
}
