package io.mongo2pg.transformer.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.transformer.event.EnvelopeParser;
import io.mongo2pg.transformer.metrics.TransformerMetrics;
import io.mongo2pg.transformer.state.DocumentStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * Wires the transformer's topology; pure, no I/O. Per mapped collection: a source on Debezium's change topic
 * {@code <prefix>.<db>.<collection>}, a {@link ChangeEventProcessor} with its {@link DocumentStore} (where the
 * capture mode needs one, see {@link TransformerConfig#keepsDocuments()}), a sink on
 * {@code <prefix>.rows.<collection>} and a sink on the dead-letter topic. Each collection is its own sub-topology,
 * so collections are processed by independent tasks and their topics need not have the same number of partitions.
 * The rows sink writes each RowSet to the partition number of its change event ({@link SourcePartitioner}).
 *
 * <p>Sources subscribe by a pattern matching exactly the change topic, so that a mapped collection whose topic does
 * not exist yet (Debezium creates it with its first event) does not stop the application; new topics start from
 * the earliest offset, as do new application ids.
 */
public final class TopologyFactory {
    private TopologyFactory() {
    }

    /** The topology with RowSets as canonical Extended JSON and metrics nobody reads (tests, tools). */
    public static Topology build(TransformerConfig config, Mapping mapping) {
        return build(config, mapping, new TransformerMetrics(new SimpleMeterRegistry()),
                (topic, rowSet) -> RowSetCodec.encode(rowSet));
    }

    /**
     * @param rowSets serializes RowSets for the rows topics (shared by all tasks: must be thread-safe); see
     *     {@code RowSetSerializers}
     */
    public static Topology build(TransformerConfig config, Mapping mapping, TransformerMetrics metrics,
                                 Serializer<RowSet> rowSets) {
        requireSeparateTopics(config, mapping);
        Topology topology = new Topology();
        mapping.collectionNames().forEach(collection -> addCollection(topology, config, mapping, collection, metrics,
                rowSets));
        return topology;
    }

    /**
     * The topics the transformer writes: one rows topic per mapped collection, then the dead-letter topic. Kafka
     * Streams does not create them; create them before starting (keyed by {@code _id}, so compaction is safe), each
     * rows topic with as many partitions as its change topic.
     */
    public static List<String> outputTopics(TransformerConfig config, Mapping mapping) {
        List<String> topics = new ArrayList<>(mapping.collectionNames().stream().map(config::rowsTopic).toList());
        topics.add(config.deadLetterTopic());
        return List.copyOf(topics);
    }

    /** The change topics the transformer reads, one per mapped collection (they may not exist yet). */
    public static List<String> inputTopics(TransformerConfig config, Mapping mapping) {
        return mapping.collectionNames().stream().map(config::changeTopic).toList();
    }

    private static void addCollection(Topology topology, TransformerConfig config, Mapping mapping, String collection,
                                      TransformerMetrics metrics, Serializer<RowSet> rowSets) {
        CollectionWiring wiring = CollectionWiring.of(collection, config.keepsDocuments());
        topology.addSource(AutoOffsetReset.earliest(), wiring.source(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Pattern.compile(Pattern.quote(config.changeTopic(collection))));
        RowSetMapper mapper = new RowSetMapper(mapping, collection, config.database());
        ChangeApplier applier = new ChangeApplier(config.database(), collection, config.captureMode());
        TransformerMetrics.Collection meters = metrics.forCollection(collection);
        topology.addProcessor(wiring.processor(), () -> new ChangeEventProcessor(wiring, new EnvelopeParser(), applier,
                mapper, meters), wiring.source());
        if (wiring.store() != null) {
            topology.addStateStore(DocumentStore.builder(wiring.store()), wiring.processor());
        }
        topology.addSink(wiring.rowsSink(), config.rowsTopic(collection), new ByteArraySerializer(),
                OutputSerializers.rows(rowSets), new SourcePartitioner(), wiring.processor());
        topology.addSink(wiring.deadLetterSink(), config.deadLetterTopic(), new ByteArraySerializer(),
                OutputSerializers.deadLetters(), wiring.processor());
    }

    /** A database named "rows", or an unlucky dead-letter name, would make the transformer read its own output. */
    private static void requireSeparateTopics(TransformerConfig config, Mapping mapping) {
        Set<String> inputs = new HashSet<>(inputTopics(config, mapping));
        List<String> clashes = outputTopics(config, mapping).stream().filter(inputs::contains).toList();
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("The transformer would read its own output: topics " + clashes
                    + " are both change topics of database '" + config.database() + "' and output topics; choose "
                    + "another dead.letter.topic or topic.prefix");
        }
    }
}
