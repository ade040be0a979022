package io.mongo2pg.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.transformer.topology.TransformerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerServiceTest {
    @TempDir
    Path stateDir;

    @Test
    void shouldFailToStartWithTheReasonWhenKafkaIsUnreachable() throws Exception {
        TransformerConfig config = TransformerConfig.of("localhost:" + freePort(), "mongo2pg-unreachable", "mongo2pg",
                        "sample_analytics")
                .withClientOverrides(Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));

        try (TransformerService transformer = new TransformerService(config, TestData.sampleAnalyticsMapping())) {
            assertThat(transformer.state()).isEqualTo(KafkaStreams.State.CREATED);

            assertThatThrownBy(() -> transformer.start(Duration.ofSeconds(1)))
                    .isInstanceOf(TransformerException.class)
                    .hasMessageContaining("is not running after PT1S")
                    .hasMessageContaining("check that Kafka is reachable at " + config.bootstrapServers());

            transformer.close(Duration.ofSeconds(10));
            assertThat(transformer.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(transformer.termination()).isCompleted().isNotCompletedExceptionally();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
