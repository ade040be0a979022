package io.mongo2pg.connectors.capture;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes each batch of Debezium change events to Kafka and only then marks them processed.
 *
 * <p>Debezium commits offsets up to the records marked processed, so marking after the producer acknowledged the
 * whole batch (acks=all) gives at-least-once delivery: a crash re-emits at most the batches whose offsets were not
 * committed yet, and downstream is idempotent. A send failure throws, which stops the engine without committing
 * the batch and reaches the completion callback.
 */
final class KafkaChangeConsumer implements DebeziumEngine.ChangeConsumer<ChangeEvent<String, String>> {

    private final String engineName;
    private final Producer<String, String> producer;

    KafkaChangeConsumer(String engineName, Producer<String, String> producer) {
        this.engineName = engineName;
        this.producer = producer;
    }

    @Override
    public void handleBatch(List<ChangeEvent<String, String>> events,
                            DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        for (ChangeEvent<String, String> event : events) {
            // A delete's tombstone arrives with a null value and stays null: it lets compaction drop the key.
            sends.add(producer.send(new ProducerRecord<>(event.destination(), event.key(), event.value())));
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            awaitAcknowledged(sends.get(i), events.get(i));
        }
        for (ChangeEvent<String, String> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    private void awaitAcknowledged(Future<RecordMetadata> send, ChangeEvent<String, String> event)
            throws InterruptedException {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new CaptureEngineException("Engine '" + engineName + "' could not publish the change of key "
                    + event.key() + " to topic " + event.destination() + ": " + e.getCause().getMessage()
                    + "; its offset is not committed, so it is captured again after a restart", e.getCause());
        }
    }
}
