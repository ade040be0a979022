package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.EnvelopeParser;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one collection's change topic: each event becomes one RowSet on the rows topic, or, when it cannot be
 * decoded or mapped, a dead letter with the reason; then processing continues with the next record.
 *
 * <p>Only decoding and mapping (pure code) are guarded: a failure to forward or produce is Kafka Streams' to handle,
 * so it fails the task instead of being mistaken for a bad record.
 */
final class ChangeEventProcessor extends ContextualProcessor<byte[], byte[], byte[], byte[]> {
    static final String METRICS_SCOPE = "mongo2pg-transformer";
    static final String SKIPPED_UPDATES = "update-without-document";
    static final String DEAD_LETTERS = "dead-letter";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventProcessor.class);

    private final String collection;
    private final String rowsSink;
    private final String deadLetterSink;
    private final EnvelopeParser parser;
    private final RowSetMapper mapper;
    private Sensor skippedUpdates;
    private Sensor deadLetters;

    ChangeEventProcessor(String collection, String rowsSink, String deadLetterSink, EnvelopeParser parser,
                         RowSetMapper mapper) {
        this.collection = collection;
        this.rowsSink = rowsSink;
        this.deadLetterSink = deadLetterSink;
        this.parser = parser;
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        super.init(context);
        skippedUpdates = context.metrics().addRateTotalSensor(METRICS_SCOPE, collection, SKIPPED_UPDATES,
                Sensor.RecordingLevel.INFO);
        deadLetters = context.metrics().addRateTotalSensor(METRICS_SCOPE, collection, DEAD_LETTERS,
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // the tombstone Debezium writes after a delete, for log compaction: the delete already went out
        }
        ChangeEvent event;
        Optional<KeyedRowSet> rowSet;
        try {
            event = parser.parse(record.key(), record.value());
            rowSet = mapper.map(event);
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        rowSet.ifPresentOrElse(r -> forwardRows(record, r), () -> skipUpdate(event));
    }

    private void forwardRows(Record<byte[], byte[]> record, KeyedRowSet rowSet) {
        context().forward(record.withKey(RowSetCodec.encodeKey(rowSet.key()))
                .withValue(RowSetCodec.encode(rowSet.rowSet()))
                .withHeaders(new RecordHeaders()), rowsSink);
    }

    private void skipUpdate(ChangeEvent event) {
        skippedUpdates.record();
        LOG.debug("Skipped the update of _id {} in collection '{}' at {}: the document was deleted before Debezium "
                + "looked it up ('after' is null); the delete event that follows removes its rows",
                ExtendedJson.canonical(event.id()),
                collection, origin());
    }

    private void deadLetter(Record<byte[], byte[]> record, RuntimeException error) {
        deadLetters.record();
        LOG.warn("Sent the record at {} of collection '{}' to the dead letters: {}", origin(), collection,
                error.getMessage());
        context().forward(record.withHeaders(DeadLetterHeaders.describe(record.headers(), context().recordMetadata(),
                collection, error)), deadLetterSink);
    }

    private String origin() {
        return context().recordMetadata().map(ChangeEventProcessor::describe).orElse("(unknown position)");
    }

    private static String describe(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }
}
