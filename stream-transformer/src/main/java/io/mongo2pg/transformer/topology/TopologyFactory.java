package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.transformer.event.EnvelopeParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * Wires the transformer's topology; pure, no I/O. Per mapped collection: a source on Debezium's change topic
 * {@code <prefix>.<db>.<collection>}, a {@link ChangeEventProcessor}, a sink on {@code <prefix>.rows.<collection>}
 * and a sink on the dead-letter topic. Each collection is its own sub-topology, so collections are processed by
 * independent tasks and their topics need not have the same number of partitions.
 *
 * <p>Sources subscribe by a pattern matching exactly the change topic, so that a mapped collection whose topic does
 * not exist yet (Debezium creates it with its first event) does not stop the application; new topics start from
 * the earliest offset, as do new application ids.
 */
public final class TopologyFactory {
    private TopologyFactory() {
    }

    public static Topology build(TransformerConfig config, Mapping mapping) {
        requireSeparateTopics(config, mapping);
        Topology topology = new Topology();
        mapping.collectionNames().forEach(collection -> addCollection(topology, config, mapping, collection));
        return topology;
    }

    /**
     * The topics the transformer writes: one rows topic per mapped collection, then the dead-letter topic. Kafka
     * Streams does not create them; create them before starting (keyed by {@code _id}, so compaction is safe).
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

    private static void addCollection(Topology topology, TransformerConfig config, Mapping mapping, String collection) {
        String source = "source-" + collection;
        String processor = "transform-" + collection;
        String rows = "rows-" + collection;
        String deadLetters = "deadletters-" + collection;
        topology.addSource(AutoOffsetReset.earliest(), source, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Pattern.compile(Pattern.quote(config.changeTopic(collection))));
        RowSetMapper mapper = new RowSetMapper(mapping, collection, config.database());
        EnvelopeParser parser = new EnvelopeParser();
        topology.addProcessor(processor, () -> new ChangeEventProcessor(collection, rows, deadLetters, parser, mapper),
                source);
        topology.addSink(rows, config.rowsTopic(collection), new ByteArraySerializer(), new ByteArraySerializer(),
                processor);
        topology.addSink(deadLetters, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                processor);
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
