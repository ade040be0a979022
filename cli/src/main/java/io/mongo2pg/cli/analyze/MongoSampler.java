package io.mongo2pg.cli.analyze;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import io.mongo2pg.mapping.infer.SchemaProfiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;

/**
 * Reads a sample of every collection of one database into a {@link SchemaProfiler}: {@code $sample} (MongoDB picks
 * the documents at random without scanning the collection when the sample is small), or every document when the
 * sample size is 0 or covers the whole collection (then a plain scan reads the same documents without the random
 * sort {@code $sample} does over a large share of a collection). Views and {@code system.*} collections are left out.
 */
final class MongoSampler {
    private MongoSampler() {
    }

    /** The database named on the command line, else the one in the connection string. */
    static String database(String uri, String db) {
        if (db != null) {
            return db;
        }
        String fromUri = new ConnectionString(uri).getDatabase();
        if (fromUri == null) {
            throw new IllegalArgumentException("Invalid value for --db: missing, and the connection string names no "
                    + "database; give --db NAME or end the URI with /NAME");
        }
        return fromUri;
    }

    /** Documents read per collection, in collection name order. */
    static Map<String, Long> sample(String uri, String databaseName, int sample, SchemaProfiler profiler) {
        Map<String, Long> read = new TreeMap<>();
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase(databaseName);
            List<String> names = collections(database);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("Database '" + databaseName + "' has no collections to analyze; "
                        + "check --db (databases here: " + client.listDatabaseNames().into(new ArrayList<>()) + ")");
            }
            for (String name : names) {
                MongoCollection<BsonDocument> collection = database.getCollection(name, BsonDocument.class);
                long count = 0;
                try (MongoCursor<BsonDocument> cursor = reader(collection, sample)) {
                    while (cursor.hasNext()) {
                        profiler.observe(name, cursor.next());
                        count++;
                    }
                }
                read.put(name, count);
            }
        }
        return read;
    }

    private static MongoCursor<BsonDocument> reader(MongoCollection<BsonDocument> collection, int sample) {
        boolean everything = sample == 0 || collection.estimatedDocumentCount() <= sample;
        return everything ? collection.find().iterator()
                : collection.aggregate(List.of(Aggregates.sample(sample))).allowDiskUse(true).iterator();
    }

    private static List<String> collections(MongoDatabase database) {
        List<String> names = new ArrayList<>();
        for (BsonDocument info : database.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            String type = info.containsKey("type") ? info.getString("type").getValue() : "collection";
            if (type.equals("collection") && !name.startsWith("system.")) {
                names.add(name);
            }
        }
        names.sort(String::compareTo);
        return names;
    }
}
