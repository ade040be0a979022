package io.mongo2pg.embedded.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in the current JVM: one KRaft node in combined mode (broker and controller), built from
 * Kafka's own server classes the way {@code kafka-server-start.sh} runs them, not from Kafka's test kit.
 *
 * <p>The log directory lives under the given data directory and is formatted only the first time, so a broker
 * restarted on the same directory keeps its topics, records and committed offsets. Replication settings are those
 * of a one-node cluster (factor 1, min ISR 1); consumer groups form without the initial rebalance delay.
 *
 * <p>Kafka handles fatal metadata faults by halting the process, here as in a standalone broker.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /** Starts a broker on a free port whose data persists under {@code dataDir}. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    /**
     * Starts a broker and returns once it is unfenced, i.e. accepts clients.
     *
     * @param dataDir where the log directory is kept; reused (not reformatted) when it already holds a broker
     * @param port the client port, or 0 for a free one
     * @param overrides broker settings that win over the defaults of this class
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
        long started = System.nanoTime();
        int clientPort = port == 0 ? FreePorts.pick() : port;
        Path logDir = dataDir.resolve("kraft-combined-logs");
        KafkaConfig config = KafkaConfig.fromProps(settings(logDir, clientPort, FreePorts.pick(), overrides), false);
        formatIfNeeded(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("Kafka broker on port " + clientPort + " with log directory " + logDir
                    + " failed to start: " + e.getMessage(), e);
        }
        String bootstrap = "localhost:" + clientPort;
        LOG.info("Kafka broker {} started in {} ms (log directory {})", bootstrap,
                (System.nanoTime() - started) / 1_000_000, logDir);
        return new EmbeddedKafkaBroker(server, bootstrap, logDir);
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's log directory (topics, offsets and the KRaft metadata log). */
    public Path logDir() {
        return logDir;
    }

    /** Shuts the broker down (controlled: broker first, then controller) and waits until it has stopped. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long started = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static Properties settings(Path logDir, int clientPort, int controllerPort, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // Static voters: nothing about the quorum is written at format time, so a restart may use other ports.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        // One node serves few consumer groups; the default 50 partitions make the first group join slow.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        return props;
    }

    /** What {@code kafka-storage.sh format} does, skipped when the directory already belongs to a broker. */
    private static void formatIfNeeded(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka log directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + logDir + ": " + e.getMessage(),
                    e);
        }
    }
}
