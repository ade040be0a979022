package io.mongo2pg.embedded.mongo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, in-memory MongoDB-compatible server (mongo-java-server) that the real Debezium MongoDB connector can
 * capture from: the oplog is enabled, change streams work, and {@link ChangeStreamMemoryBackend} answers the
 * handshake as a primary.
 *
 * <p>For tests and the demo only: no real mongod can run here. The fake supports only collection-scoped change
 * streams and sends neither {@code ns} nor a complete {@code documentKey}, so Debezium must be configured with
 * {@link #connectorOverrides(String, String)}, one engine per collection. It produces no {@code updateDescription},
 * pre-images, transactions, {@code wallTime} or real resume tokens.
 */
public final class EmbeddedMongoSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoServer server;
    private final String connectionString;
    private final MongoClient client;

    private EmbeddedMongoSource(MongoServer server, String connectionString) {
        this.server = server;
        this.connectionString = connectionString;
        this.client = MongoClients.create(connectionString);
    }

    /** Starts an empty server on a free local port. */
    public static EmbeddedMongoSource start() {
        long started = System.nanoTime();
        MongoServer server = new MongoServer(new ChangeStreamMemoryBackend());
        server.enableOplog();
        String connectionString = server.bindAndGetConnectionString();
        LOG.info("Mongo-compatible source {} started in {} ms", connectionString,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedMongoSource(server, connectionString);
    }

    /** {@code mongodb://host:port} of this server. */
    public String connectionString() {
        return connectionString;
    }

    /** A client of this server, closed with it. */
    public MongoClient client() {
        return client;
    }

    /**
     * The Debezium settings this fake needs to capture {@code db.collection}; they are test/demo adaptations, never
     * production defaults:
     * <ul>
     *   <li>{@code capture.scope=collection}, {@code capture.target=<db>.<collection>}: the fake has no database or
     *       deployment change streams;</li>
     *   <li>{@code filters.match.mode=literal}: Debezium's regex mode filters events with {@code $regexMatch}
     *       on {@code ns}, which the fake does not support;</li>
     *   <li>a {@code cursor.pipeline} stage, run before Debezium's own stages
     *       ({@code cursor.pipeline.order=user_first}), that adds the {@code ns} the fake omits and a {@code documentKey} with the {@code _id};</li>
     *   <li>{@code internal.log.position.check.enable=false} (an internal Debezium setting): the fake sends no
     *       {@code postBatchResumeToken}, so a collection without changes since its snapshot has an offset without a
     *       resume token, which Debezium's start-up check treats as "no longer available on the server" and refuses
     *       to resume ({@code snapshot.mode=initial}). Without the check, Debezium resumes at the snapshot's
     *       operation time.</li>
     * </ul>
     */
    public Map<String, String> connectorOverrides(String db, String collection) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("capture.scope", "collection");
        overrides.put("capture.target", db + "." + collection);
        overrides.put("filters.match.mode", "literal");
        overrides.put("cursor.pipeline.order", "user_first");
        overrides.put("cursor.pipeline", addNamespaceStage(db, collection));
        overrides.put("internal.log.position.check.enable", "false");
        return Map.copyOf(overrides);
    }

    /**
     * The Debezium settings, on top of {@link #connectorOverrides(String, String)}, under which a real incremental
     * snapshot of {@code db.collection} runs against this fake (test/demo adaptations, never production defaults).
     *
     * <p>Debezium's MongoDB incremental snapshot inserts a window-open watermark into the signal collection before it
     * reads a chunk by {@code _id} range; the change stream must deliver that insert to open the window, in which
     * streamed changes drop the chunk's stale reads. With {@code capture.scope=collection} (the only scope this fake
     * supports) the change stream watches the captured collection alone, so a separate signal collection's watermarks
     * never arrive. Hence:
     * <ul>
     *   <li>{@code signal.data.collection=<db>.<collection>}: the captured collection is its own signal collection,
     *       so the watermarks are streamed;</li>
     *   <li>{@code incremental.snapshot.watermarking.strategy=insert_delete}: the window-open document is deleted
     *       when the chunk is done and the window is closed in-process, so no watermark stays in the collection (nor
     *       in the tables it is copied to).</li>
     * </ul>
     * Against a real MongoDB, capture the database or deployment and use a signal collection of its own.
     */
    public Map<String, String> incrementalSnapshotOverrides(String db, String collection) {
        return Map.of("signal.data.collection", db + "." + collection,
                "incremental.snapshot.watermarking.strategy", "insert_delete");
    }

    private static String addNamespaceStage(String db, String collection) {
        ObjectNode fields = JSON.createObjectNode();
        fields.putObject("ns").put("db", db).put("coll", collection);
        fields.putObject("documentKey").putObject("_id").putArray("$ifNull")
                .add("$fullDocument._id").add("$documentKey._id");
        ArrayNode pipeline = JSON.createArrayNode();
        pipeline.addObject().set("$addFields", fields);
        return pipeline.toString();
    }

    /** Closes the client, then stops the server without waiting for other clients (e.g. Debezium) to disconnect. */
    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
