package io.mongo2pg.transformer.topology;

import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.event.ChangeEvent;
import io.mongo2pg.transformer.event.EnvelopeParser;
import io.mongo2pg.transformer.event.Operation;
import io.mongo2pg.transformer.metrics.TransformerMetrics;
import io.mongo2pg.transformer.state.DocumentStore;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one collection's change topic: each event becomes one RowSet on the rows topic, or, when it cannot be
 * decoded, applied or mapped, a dead letter with the reason; then processing continues with the next record.
 * Every output goes to the partition number its event came from ({@link SourcePartitioner}).
 *
 * <p>Only decoding, applying and mapping (pure code and the local store) are guarded: a failure to forward or
 * produce is Kafka Streams' to handle, so it fails the task instead of being mistaken for a bad record.
 */
final class ChangeEventProcessor extends ContextualProcessor<byte[], byte[], byte[], Output> {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventProcessor.class);

    private final String collection;
    private final String storeName;
    private final String rowsSink;
    private final String deadLetterSink;
    private final EnvelopeParser parser;
    private final ChangeApplier applier;
    private final RowSetMapper mapper;
    private final TransformerMetrics.Collection metrics;
    private DocumentStore documents;

    ChangeEventProcessor(CollectionWiring wiring, EnvelopeParser parser, ChangeApplier applier, RowSetMapper mapper,
                         TransformerMetrics.Collection metrics) {
        this.collection = wiring.collection();
        this.storeName = wiring.store();
        this.rowsSink = wiring.rowsSink();
        this.deadLetterSink = wiring.deadLetterSink();
        this.parser = parser;
        this.applier = applier;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Output> context) {
        super.init(context);
        documents = storeName == null ? DocumentStore.none() : new DocumentStore(context.getStateStore(storeName));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // the tombstone Debezium writes after a delete, for log compaction: the delete already went out
        }
        long start = System.nanoTime();
        metrics.eventIn();
        ChangeEvent event;
        try {
            event = parser.parse(record.key(), record.value());
        } catch (RuntimeException e) {
            forgetDocument(record.key());
            deadLetter(record, e, start);
            return;
        }
        byte[] key;
        RowSet rowSet;
        try {
            key = RowSetKey.encode(mapper.key(event));
            rowSet = rowSetOf(event, key);
        } catch (RuntimeException e) {
            deadLetter(record, e, start);
            return;
        }
        if (rowSet == null) {
            skipUpdate(event);
        } else {
            forwardRows(record, key, rowSet);
        }
        metrics.processed(start, event.source().tsMs());
    }

    /** The RowSet of the event, with the store updated; null for an update of a since-deleted document. */
    private RowSet rowSetOf(ChangeEvent event, byte[] key) {
        if (event.operation() == Operation.DELETE) {
            documents.delete(key);
            return mapper.delete(event);
        }
        BsonDocument document = applier.documentAfter(event, key, documents);
        return document == null ? null : mapper.upsert(event, document);
    }

    private void forwardRows(Record<byte[], byte[]> record, byte[] key, RowSet rowSet) {
        context().forward(record.withKey(key)
                .withValue((Output) new Output.Rows(rowSet, partition()))
                .withHeaders(new RecordHeaders()), rowsSink);
        metrics.eventOut();
    }

    /**
     * A change of this document was missed (its event is unreadable), so the stored copy may be stale: forget it,
     * so that later deltas go to the dead letters with the way to recover instead of producing wrong rows.
     */
    private void forgetDocument(byte[] recordKey) {
        if (recordKey == null) {
            return;
        }
        try {
            documents.delete(RowSetKey.encode(mapper.alignedId(
                    parser.parseKey(new String(recordKey, StandardCharsets.UTF_8)))));
        } catch (RuntimeException e) {
            // the key is unreadable too: there is no document to forget
        }
    }

    private void skipUpdate(ChangeEvent event) {
        metrics.skippedUpdate();
        LOG.debug("Skipped the update of _id {} in collection '{}' at {}: the document was deleted before Debezium "
                + "looked it up ('after' is null) and the transformer has no copy to apply the update to; the delete "
                + "event that follows removes its rows", ExtendedJson.canonical(event.id()), collection, origin());
    }

    private void deadLetter(Record<byte[], byte[]> record, RuntimeException error, long start) {
        metrics.deadLetter();
        LOG.warn("Sent the record at {} of collection '{}' to the dead letters: {}", origin(), collection,
                error.getMessage());
        context().forward(record.withValue((Output) new Output.DeadLetter(record.value(), partition()))
                .withHeaders(DeadLetterHeaders.describe(record.headers(), context().recordMetadata(), collection,
                        error)), deadLetterSink);
        metrics.processed(start);
    }

    private int partition() {
        return context().recordMetadata().map(RecordMetadata::partition).orElse(0);
    }

    private String origin() {
        return context().recordMetadata().map(ChangeEventProcessor::describe).orElse("(unknown position)");
    }

    private static String describe(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }
}
