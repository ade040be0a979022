package io.mongo2pg.cli.snapshot;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mongo2pg snapshot}: asks the running Debezium connector for an incremental snapshot of collections. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Trigger a Debezium incremental snapshot of collections while capture keeps running: sends",
                "the execute-snapshot signal to the connector's Kafka signal topic (mongodb.debezium:",
                "signal.enabled.channels 'source,kafka', signal.kafka.topic, signal.kafka.bootstrap.servers, and",
                "signal.data.collection, where Debezium writes each chunk's watermarks).",
                "The snapshot reads each collection in _id chunks into the change topics; the pipeline applies it.",
                "Exit 0 signal delivered, 2 bad config or collection, 3 Kafka unreachable."})
public final class SnapshotCommand implements Callable<Integer> {
    static final String CHANNELS = "signal.enabled.channels";
    static final String SIGNAL_TOPIC = "signal.kafka.topic";
    static final String SIGNAL_COLLECTION = "signal.data.collection";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mongo2pg config file.")
    private Path config;

    @Option(names = "--collection", required = true, paramLabel = "NAME",
            description = "A mapped collection to snapshot (repeatable).")
    private List<String> collections = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.KAFKA));
        String topic = signalTopic(loaded);
        for (String c : collections) {
            if (loaded.mapping().collection(c).isEmpty()) {
                throw new IllegalArgumentException("--collection " + c + ": not in the mapping; use one of "
                        + loaded.mapping().collectionNames());
            }
            requireSignalCollection(loaded, c);
        }
        SnapshotSignal signal = new SnapshotSignal(UUID.randomUUID().toString(), loaded.topicPrefix(),
                collections.stream().map(c -> loaded.mongodb().database() + "." + c).toList());
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaProducer<String, String> producer = producer(loaded)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, signal.key(), signal.value()))
                    .get(30, TimeUnit.SECONDS);
            out.println("incremental snapshot of " + signal.dataCollections() + " requested: signal " + signal.id()
                    + " at " + topic + " [" + sent.partition() + "] offset " + sent.offset() + ". Debezium logs the "
                    + "snapshot's chunks; 'mongo2pg lag' shows the pipeline applying them.");
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("mongo2pg: cannot send the snapshot signal to topic " + topic + " at "
                    + loaded.kafka().clientBootstrapServers() + ": " + cause.getMessage() + ". Check kafka.* in "
                    + config + " and that the signal topic exists.");
            return 3;
        }
    }

    /** Debezium's Kafka signal topic, when {@code debezium} (the connector's settings) enables that channel. */
    public static Optional<String> kafkaSignalTopic(Map<String, String> debezium) {
        boolean kafkaChannel = Arrays.stream(debezium.getOrDefault(CHANNELS, "source").split(","))
                .map(String::trim).anyMatch("kafka"::equals);
        return kafkaChannel ? Optional.ofNullable(debezium.get(SIGNAL_TOPIC)) : Optional.empty();
    }

    /** The signal topic, when the connector listens to one; otherwise what to add to the config. */
    static String signalTopic(Mongo2pgConfig config) {
        Map<String, String> debezium = config.mongodb().debezium();
        String topic = debezium.get(SIGNAL_TOPIC);
        if (kafkaSignalTopic(debezium).isEmpty()) {
            throw new IllegalArgumentException("mongodb.debezium in " + config.source() + " does not enable Debezium's "
                    + "Kafka signal channel (" + CHANNELS + " = " + debezium.getOrDefault(CHANNELS, "(unset)") + ", "
                    + SIGNAL_TOPIC + " = " + (topic == null ? "(unset)" : topic) + "); add '" + CHANNELS
                    + ": source,kafka', '" + SIGNAL_TOPIC + ": " + config.topicPrefix() + ".signals' and "
                    + "'signal.kafka.bootstrap.servers: <kafka>' under mongodb.debezium, redeploy the connector (or "
                    + "restart 'mongo2pg run'), then run snapshot again");
        }
        return topic;
    }

    /**
     * Debezium's MongoDB incremental snapshot writes each chunk's watermark into the signal collection (without one it
     * logs an error and skips the snapshot), so the connector of {@code collection} must name one.
     */
    static void requireSignalCollection(Mongo2pgConfig config, String collection) {
        Map<String, String> own = config.mongodb().collectionDebezium().getOrDefault(collection, Map.of());
        if (own.get(SIGNAL_COLLECTION) == null && config.mongodb().debezium().get(SIGNAL_COLLECTION) == null) {
            throw new IllegalArgumentException("mongodb.debezium in " + config.source() + " names no " + SIGNAL_COLLECTION
                    + ": Debezium's MongoDB incremental snapshot writes its chunk watermarks into that collection and "
                    + "skips the snapshot without it; add '" + SIGNAL_COLLECTION + ": " + config.mongodb().database()
                    + ".debezium_signal' under mongodb.debezium (the connector's user must be allowed to write it), "
                    + "redeploy the connector (or restart 'mongo2pg run'), then run snapshot again");
        }
    }

    private static KafkaProducer<String, String> producer(Mongo2pgConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafka().client());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().clientBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
