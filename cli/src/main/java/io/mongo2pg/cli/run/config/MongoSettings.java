package io.mongo2pg.cli.run.config;

import java.util.Map;

/**
 * The {@code mongodb} section.
 *
 * @param connectionString masked when printed; null when the command does not need MongoDB
 * @param debezium extra Debezium connector settings for every connector/engine ({@code mongodb.debezium})
 * @param collectionDebezium extra settings per collection ({@code mongodb.collectionDebezium.<collection>}),
 *     only with {@code capture.scope: collection}
 */
public record MongoSettings(String connectionString, String database, Map<String, String> debezium,
                            Map<String, Map<String, String>> collectionDebezium) {
    public MongoSettings {
        debezium = Map.copyOf(debezium);
        collectionDebezium = Map.copyOf(collectionDebezium);
    }

    @Override
    public String toString() {
        return "MongoSettings[connectionString=" + Masking.url(connectionString) + ", database=" + database
                + ", debezium=" + Masking.settings(debezium) + ", collectionDebezium=" + collectionDebezium.keySet()
                + "]";
    }
}
