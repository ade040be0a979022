package io.mongo2pg.cli.verify;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.normalize.ExcludedFields;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Verifies one collection with bounded memory: counts first, then MongoDB's documents in batches (in {@code _id}
 * order, or a random sample), each batch's rows read from PostgreSQL by id, reassembled and compared; then
 * PostgreSQL's ids in batches, looked up in MongoDB, for documents PostgreSQL holds and MongoDB does not. Batches
 * are looked up by id on both sides, so the two sides' sort orders (which differ for mixed {@code _id} types) never
 * need to agree.
 */
final class CollectionVerifier {
    private final CollectionMapping mapping;
    private final MongoCollection<BsonDocument> mongo;
    private final PostgresDocumentReader postgres;
    private final VerifySettings settings;
    private final VerifyProgress progress;
    private final List<Difference> listed = new ArrayList<>();
    private long differences;

    CollectionVerifier(CollectionMapping mapping, MongoCollection<BsonDocument> mongo, PostgresDocumentReader postgres,
                       VerifySettings settings, VerifyProgress progress) {
        this.mapping = mapping;
        this.mongo = mongo;
        this.postgres = postgres;
        this.settings = settings;
        this.progress = progress;
    }

    CollectionReport verify() throws SQLException {
        long mongoCount = mongo.countDocuments();
        long postgresCount = postgres.count();
        long toCompare = settings.sample() == null ? mongoCount : Math.min(settings.sample(), mongoCount);
        progress.start(mapping.collection(), toCompare);
        long compared;
        try {
            compared = compareMongoDocuments();
            findOnlyInPostgres();
        } finally {
            progress.end();
        }
        return new CollectionReport(mapping.collection(), mongoCount, postgresCount, compared,
                settings.sample() != null, differences, listed);
    }

    private long compareMongoDocuments() throws SQLException {
        long done = 0;
        List<BsonDocument> batch = new ArrayList<>(settings.batchSize());
        try (MongoCursor<BsonDocument> cursor = mongoDocuments()) {
            while (cursor.hasNext()) {
                batch.add(cursor.next());
                if (batch.size() == settings.batchSize() || !cursor.hasNext()) {
                    compareBatch(batch);
                    done += batch.size();
                    progress.step(done);
                    batch.clear();
                }
            }
        }
        return done;
    }

    private MongoCursor<BsonDocument> mongoDocuments() {
        if (settings.sample() != null) {
            return mongo.aggregate(List.of(Aggregates.sample(settings.sample()))).batchSize(settings.batchSize())
                    .iterator();
        }
        return mongo.find().sort(Sorts.ascending("_id")).batchSize(settings.batchSize()).iterator();
    }

    private void compareBatch(List<BsonDocument> batch) throws SQLException {
        Map<String, BsonDocument> stored = postgres.documents(batch.stream().map(d -> d.get("_id")).toList());
        for (BsonDocument document : batch) {
            String key = IdParameter.key(document.get("_id"));
            BsonDocument found = stored.get(key);
            List<Difference> problems = new ArrayList<>();
            if (found == null) {
                problems.add(new Difference(mapping.collection(), key, "", "(document)", Difference.MISSING));
            } else {
                DocumentDiff.compare(mapping.collection(), key, ExcludedFields.without(mapping, document), found, problems);
            }
            problems.forEach(this::record);
        }
    }

    private void findOnlyInPostgres() throws SQLException {
        List<BsonValue> batch = new ArrayList<>(settings.batchSize());
        postgres.forEachId(settings.sample(), settings.batchSize(), id -> {
            batch.add(id);
            if (batch.size() == settings.batchSize()) {
                checkInMongo(batch);
                batch.clear();
            }
        });
        checkInMongo(batch);
    }

    private void checkInMongo(List<BsonValue> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Set<String> present = new HashSet<>();
        mongo.find(Filters.in("_id", ids)).projection(Projections.include("_id"))
                .forEach(d -> present.add(IdParameter.key(d.get("_id"))));
        for (BsonValue id : ids) {
            String key = IdParameter.key(id);
            if (!present.contains(key)) {
                record(new Difference(mapping.collection(), key, "", Difference.MISSING, "(document)"));
            }
        }
    }

    private void record(Difference difference) {
        differences++;
        if (listed.size() < settings.maxListed()) {
            listed.add(difference);
        }
    }
}
