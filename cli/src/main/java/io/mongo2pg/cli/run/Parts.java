package io.mongo2pg.cli.run;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.mongo2pg.connectors.capture.DebeziumKafkaPublisher;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.sink.kafka.SinkService;
import io.mongo2pg.transformer.TransformerService;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/** {@link Part} adapters for the services the process runs. */
final class Parts {
    private Parts() {
    }

    static Part broker(EmbeddedKafkaBroker broker) {
        return new Part() {
            public String name() {
                return "kafka";
            }

            public boolean running() {
                return true; // a failed embedded broker halts the process
            }

            public Optional<String> failure() {
                return Optional.empty();
            }

            public void close() {
                broker.close();
            }
        };
    }

    static Part sink(SinkService sink) {
        return new Part() {
            public String name() {
                return "sink";
            }

            public boolean running() {
                return sink.isRunning();
            }

            public Optional<String> failure() {
                return sink.failure().map(String::valueOf);
            }

            public void close() {
                sink.close();
            }
        };
    }

    /** The transformer, and the binder of its Kafka Streams metrics, closed after it. */
    static Part transformer(TransformerService transformer, KafkaStreamsMetrics metrics) {
        return new Part() {
            public String name() {
                return "transformer";
            }

            public boolean running() {
                KafkaStreams.State state = transformer.state();
                return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            }

            public Optional<String> failure() {
                KafkaStreams.State state = transformer.state();
                return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                        ? Optional.of("Kafka Streams is in state " + state + " (see the log above)") : Optional.empty();
            }

            public void close() {
                try {
                    transformer.close();
                } finally {
                    metrics.close();
                }
            }
        };
    }

    static Part capture(DebeziumKafkaPublisher publisher) {
        return new Part() {
            public String name() {
                return "capture";
            }

            public boolean running() {
                return publisher.failure().isEmpty();
            }

            public Optional<String> failure() {
                return publisher.failure().map(f -> f.toException().getMessage());
            }

            public void close() throws InterruptedException {
                publisher.close();
            }
        };
    }
}
