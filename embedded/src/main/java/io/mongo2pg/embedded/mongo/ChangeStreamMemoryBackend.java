package io.mongo2pg.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * mongo-java-server's in-memory backend, answering the handshake the way the Debezium MongoDB connector needs it.
 *
 * <p>Test and demo adaptation only; never a production default:
 * <ul>
 *   <li>{@code hello} is not implemented by the fake at all, and its {@code isMaster} reply lacks
 *       {@code isWritablePrimary}; both now answer as a writable primary of wire version 8 (MongoDB 4.2, the oldest
 *       the 5.x driver accepts);</li>
 *   <li>{@code operationTime} is where Debezium starts streaming after its snapshot ({@code startAtOperationTime},
 *       inclusive). It is the last oplog timestamp + 1: "now" would be at or before writes already in the oplog,
 *       which the snapshot has read, and they would be emitted a second time as inserts.</li>
 * </ul>
 */
final class ChangeStreamMemoryBackend extends MemoryBackend {

    private static final int WIRE_VERSION = 8;
    private static final String OPLOG_DATABASE = "local";

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equalsIgnoreCase("hello") || command.equalsIgnoreCase("ismaster")) {
            return helloResponse();
        }
        return super.handleCommand(channel, databaseName, command, query);
    }

    private Document helloResponse() {
        Document response = new Document("ismaster", Boolean.TRUE);
        response.put("isWritablePrimary", Boolean.TRUE);
        response.put("maxBsonObjectSize", 16 * 1024 * 1024);
        response.put("maxMessageSizeBytes", MongoWireProtocolHandler.MAX_MESSAGE_SIZE_BYTES);
        response.put("maxWriteBatchSize", MongoWireProtocolHandler.MAX_WRITE_BATCH_SIZE);
        response.put("maxWireVersion", WIRE_VERSION);
        response.put("minWireVersion", 0);
        response.put("localTime", Instant.now(getClock()));
        response.put("operationTime", new BsonTimestamp(lastOplogTimestamp() + 1));
        response.put("ok", 1.0);
        return response;
    }

    /** The raw value of the newest oplog entry's timestamp, or 0 while the oplog is empty. */
    private long lastOplogTimestamp() {
        MongoDatabase local = resolveDatabase(OPLOG_DATABASE);
        MongoCollection<?> oplog = local.resolveCollection(OPLOG_COLLECTION_NAME, false);
        if (oplog == null) {
            return 0;
        }
        return oplog.queryAllAsStream()
                .map(entry -> (BsonTimestamp) entry.get("ts"))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(BsonTimestamp::getValue)
                .orElse(0L);
    }
}
