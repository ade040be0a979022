package io.mongo2pg.bench.transformer;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.transformer.TransformerService;
import io.mongo2pg.transformer.topology.RowFormat;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;

/**
 * The runs for one dataset on a real broker: write the change events once, then, round after round, time the
 * at-least-once passthrough, the exactly-once passthrough and the transformer over those same records. The machine
 * is shared, so its load drifts: each round's ratios compare runs made seconds apart, and the median round is
 * reported. Output topics stamp records with the broker's append time, which is what {@link OutputCounter} times.
 */
final class TransformerBenchmark {
    static final String PREFIX = "bench";

    private final String bootstrapServers;
    private final Mapping mapping;
    private final int partitions;
    private final Path stateDir;
    private final Map<String, String> streamsConfig;
    private final Duration commitInterval;
    private final Map<String, String> passthroughProducer;
    private final RowFormat rowFormat;

    /**
     * @param commitInterval the transformer's commit interval, or null for its default
     * @param passthroughProducer producer settings for both passthroughs, on top of the transformer's own
     * @param rowFormat the transformer's RowSet format, or null for its default
     */
    TransformerBenchmark(String bootstrapServers, Mapping mapping, int partitions, Path stateDir,
                         Map<String, String> streamsConfig, Duration commitInterval,
                         Map<String, String> passthroughProducer, RowFormat rowFormat) {
        this.bootstrapServers = bootstrapServers;
        this.mapping = mapping;
        this.partitions = partitions;
        this.stateDir = stateDir;
        this.streamsConfig = streamsConfig;
        this.commitInterval = commitInterval;
        this.passthroughProducer = passthroughProducer;
        this.rowFormat = rowFormat;
    }

    /** Events per second of each contender in one round. */
    record Round(Run passthrough, Run exactlyOncePassthrough, Run transformer, StreamThreadTimes times) {
        double ratio() {
            return transformer.perSecond() / passthrough.perSecond();
        }

        double exactlyOnceRatio() {
            return transformer.perSecond() / exactlyOncePassthrough.perSecond();
        }
    }

    /** One contender's run: its events per second and the CPU it used. */
    record Run(double perSecond, CpuUse cpu) {
    }

    /** Creates the dataset's topics and writes its change events, once, before any round of any dataset runs. */
    void prepare(BenchDataset dataset, int events) throws ExecutionException, InterruptedException {
        TransformerConfig first = config(dataset, 0);
        createTopics(List.of(input(dataset)), Map.of());
        createTopics(List.of(copy(dataset), eosCopy(dataset), first.rowsTopic(dataset.collection()),
                first.deadLetterTopic()), Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        produce(dataset, input(dataset), events);
    }

    /**
     * The rounds over the dataset {@link #prepare}d with {@code events} events, after {@code warmups} rounds whose
     * results are dropped: the first round of a JVM mostly measures the JIT compiling the transformer (the
     * passthroughs have little code to compile), which is not its throughput.
     */
    List<Round> run(BenchDataset dataset, int events, int warmups, int rounds) throws InterruptedException {
        String input = input(dataset);
        String copy = copy(dataset);
        String eosCopy = eosCopy(dataset);
        List<Round> results = new ArrayList<>();
        PassthroughSettings settings = passthroughSettings(dataset);
        for (int round = 0; round < warmups + rounds; round++) {
            Run passthrough = passthrough(Passthrough.atLeastOnce(bootstrapServers, input, copy, settings),
                    copy, events);
            Run exactlyOnce = passthrough(Passthrough.exactlyOnce(bootstrapServers, input, eosCopy,
                    config(dataset, round).commitInterval(), settings), eosCopy, events);
            Round result = transformer(config(dataset, round), dataset, events, passthrough, exactlyOnce);
            if (round >= warmups) {
                results.add(result);
            }
        }
        return results;
    }

    /** The passthroughs' client settings: the transformer's own, plus the command line's producer settings. */
    PassthroughSettings passthroughSettings(BenchDataset dataset) {
        return PassthroughSettings.like(config(dataset, 0), passthroughProducer);
    }

    private String input(BenchDataset dataset) {
        return config(dataset, 0).changeTopic(dataset.collection());
    }

    private static String copy(BenchDataset dataset) {
        return PREFIX + ".passthrough." + dataset.collection();
    }

    private static String eosCopy(BenchDataset dataset) {
        return PREFIX + ".passthrough-eos." + dataset.collection();
    }

    /** A new application id per round, so each round reads the change topic from the start. */
    private TransformerConfig config(BenchDataset dataset, int round) {
        TransformerConfig defaults = TransformerConfig.of(bootstrapServers, "bench-transformer-" + dataset.collection()
                + "-" + round, PREFIX, dataset.database()).withReplicationFactor(1).withClientOverrides(overrides());
        TransformerConfig formatted = rowFormat == null ? defaults : defaults.withRowFormat(rowFormat, null);
        return commitInterval == null ? formatted : formatted.withCommitInterval(commitInterval);
    }

    private Run passthrough(Passthrough passthrough, String output, int events) throws InterruptedException {
        try (passthrough) {
            CompletableFuture<Double> perSecond = count(List.of(output), events, passthrough::failed);
            CpuUse.Meter cpu = CpuUse.start(Passthrough.THREAD_NAME::equals);
            passthrough.start();
            double rate = perSecond.join();
            return new Run(rate, cpu.stop(events, rate));
        }
    }

    private Round transformer(TransformerConfig config, BenchDataset dataset, int events, Run passthrough,
                              Run exactlyOnce) {
        try (TransformerService transformer = new TransformerService(config, mapping)) {
            CompletableFuture<Double> perSecond = count(List.of(config.rowsTopic(dataset.collection()),
                    config.deadLetterTopic()), events, () -> transformer.termination().isDone());
            String streamThread = config.applicationId() + "-";
            CpuUse.Meter cpu = CpuUse.start(n -> n.startsWith(streamThread) && n.matches(".*-StreamThread-\\d+"));
            transformer.start(Duration.ofMinutes(2));
            double rate = perSecond.join();
            Run run = new Run(rate, cpu.stop(events, rate));
            return new Round(passthrough, exactlyOnce, run, StreamThreadTimes.of(transformer.metrics()));
        }
    }

    /** Starts counting what arrives on {@code topics} from now on, before the application under test starts. */
    private CompletableFuture<Double> count(List<String> topics, int events, BooleanSupplier failed) {
        Map<TopicPartition, Long> from = OutputCounter.endOffsets(bootstrapServers, topics);
        return CompletableFuture.supplyAsync(() -> OutputCounter.perSecond(bootstrapServers, from, events, failed));
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>(streamsConfig);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return overrides;
    }

    private void produce(BenchDataset dataset, String topic, int events) throws ExecutionException, InterruptedException {
        DebeziumEventWriter writer = new DebeziumEventWriter(PREFIX, dataset.database(), dataset.collection());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < events; i++) {
                BsonDocument document = dataset.documents().get(i % dataset.documents().size()).clone();
                BsonObjectId id = new BsonObjectId(new ObjectId());
                document.put("_id", id);
                producer.send(new ProducerRecord<>(topic, writer.key(id), writer.create(document, now)));
            }
            producer.flush();
        }
    }

    private void createTopics(List<String> topics, Map<String, String> configs)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var existing = admin.listTopics().names().get();
            admin.createTopics(topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(configs)).toList()).all().get();
        }
    }
}
