package io.mongo2pg.cli.demo;

import com.mongodb.client.MongoDatabase;
import java.util.function.Consumer;

/**
 * One live change the demo makes in MongoDB, and the count query that reaches {@code expected} once the
 * change has landed in PostgreSQL.
 */
record DemoChange(String description, Consumer<MongoDatabase> apply, String landedCountSql, long expected) {
}
