package io.mongo2pg.cli.verify;

import com.mongodb.client.MongoClient;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.bson.BsonDocument;

/**
 * Puts the same documents into the Mongo-compatible source and, through the sink's own writer (normalizer, COPY and
 * merge), into PostgreSQL: the state a caught-up pipeline leaves, without running one.
 */
public final class DocumentLoader {
    private final MongoClient mongo;
    private final String database;
    private final Mapping mapping;
    private final RowSetBatchWriter writer;
    private final Normalizer normalizer;

    public DocumentLoader(MongoClient mongo, String database, DataSource postgres, String schema, Mapping mapping) {
        this.mongo = mongo;
        this.database = database;
        this.mapping = mapping;
        RelationalModel model = RelationalModel.of(mapping);
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(500));
        new SchemaInitializer(postgres, schema, retry).initialize(model);
        this.writer = RowSetBatchWriter.builder(postgres, model).schema(schema).retry(retry).storeOffsets(false).build();
        this.normalizer = new Normalizer(mapping);
    }

    /** Inserts {@code documents} into MongoDB and applies them to PostgreSQL with a source time of now. */
    public void load(String collection, List<BsonDocument> documents) {
        if (!documents.isEmpty()) {
            mongo.getDatabase(database).getCollection(collection, BsonDocument.class).insertMany(documents);
        }
        List<SinkRecord> records = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < documents.size(); i++) {
            records.add(SinkRecord.change("load", 0, i, normalizer.upsert(collection, documents.get(i),
                    new SourcePosition(collection, now, 0, true, null))));
        }
        writer.write(records);
    }

    public Mapping mapping() {
        return mapping;
    }
}
