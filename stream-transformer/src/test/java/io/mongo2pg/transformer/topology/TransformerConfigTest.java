package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TransformerConfigTest {
    @Test
    void shouldDefaultToExactlyOnceFastCommitsAndPrefixedDeadLetters() {
        TransformerConfig config = TransformerConfig.of("kafka:9092", "mongo2pg-transformer", "shop", "sales");

        Properties props = config.streamsProperties();

        assertThat(config.deadLetterTopic()).isEqualTo("shop.deadletters");
        assertThat(config.rowFormat()).as("Avro, single-object encoding without a registry").isEqualTo(RowFormat.AVRO);
        assertThat(config.schemaRegistryUrl()).isNull();
        assertThat(config.changeTopic("orders")).isEqualTo("shop.sales.orders");
        assertThat(config.rowsTopic("orders")).isEqualTo("shop.rows.orders");
        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000")
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "mongo2pg-transformer");
        assertThat(new StreamsConfig(props).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
        assertThat(new StreamsConfig(props).getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG))
                .isEqualTo(Integer.toString(256 * 1024));
    }

    @Test
    void shouldApplyChosenSettingsAndOverrides() {
        TransformerConfig config = TransformerConfig.of("kafka:9092", "app", "shop", "sales")
                .withReplicationFactor(1).withDeadLetterTopic("dlq").withCommitInterval(Duration.ofMillis(250))
                .withProcessingGuarantee(ProcessingGuarantee.parse("at_least_once"))
                .withClientOverrides(Map.of("security.protocol", "SSL", StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4",
                        "producer.batch.size", "65536"));

        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .containsEntry("security.protocol", "SSL")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4")
                .containsEntry("producer.batch.size", "65536");
        assertThat(config.deadLetterTopic()).isEqualTo("dlq");
    }

    @Test
    void shouldTakeTheCommitIntervalFromAnOverrideAndNameTheKeyWhenItIsNoNumber() {
        TransformerConfig config = TransformerConfig.of("kafka:9092", "app", "shop", "sales")
                .withClientOverrides(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250", "security.protocol", "SSL"));

        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.clientOverrides()).containsOnlyKeys("security.protocol");
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
        assertThat(config.withCommitInterval(Duration.ofMillis(500)).streamsProperties())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "500");
        assertThatThrownBy(() -> config.withClientOverrides(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1s")))
                .hasMessageContaining("Invalid value 1s for configuration commit.interval.ms: use a positive number "
                        + "of milliseconds, e.g. 1000 (the default");
        assertThatThrownBy(() -> config.withClientOverrides(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "0")))
                .hasMessageContaining("Invalid value PT0S for configuration commit.interval: must be positive");
    }

    @Test
    void shouldNameCollectionTopicsLikeDebeziumReplacingIllegalCharacters() {
        TransformerConfig config = TransformerConfig.of("kafka:9092", "app", "shop", "my db");

        assertThat(config.changeTopic("orders$2024")).isEqualTo("shop.my_db.orders_2024");
        assertThat(config.rowsTopic("orders$2024")).isEqualTo("shop.rows.orders_2024");
    }

    @Test
    void shouldReportEveryProblemAgainstItsOwnSetting() {
        assertThatThrownBy(() -> new TransformerConfig(" ", "app id", "", null, "dlq!", 0, null, Duration.ZERO,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "other"), null, RowFormat.JSON, "localhost:8080", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value   for configuration bootstrap.servers: must not be empty")
                .hasMessageContaining("Invalid value app id for configuration application.id: use only letters")
                .hasMessageContaining("for configuration topic.prefix: must not be empty")
                .hasMessageContaining("Invalid value null for configuration database: must not be empty")
                .hasMessageContaining("Invalid value dlq! for configuration dead.letter.topic")
                .hasMessageContaining("Invalid value 0 for configuration replication.factor")
                .hasMessageContaining("for configuration processing.guarantee: use one of exactly_once_v2, at_least_once")
                .hasMessageContaining("Invalid value PT0S for configuration commit.interval: must be positive")
                .hasMessageContaining("Invalid value other for configuration application.id: set it through the "
                        + "transformer's own option")
                .hasMessageContaining("Invalid value null for configuration capture.mode: use one of change_streams, "
                        + "change_streams_update_full, ")
                .hasMessageContaining("Invalid value localhost:8080 for configuration schema.registry.url: use the "
                        + "registry's http(s) API URL")
                .hasMessageContaining("for configuration schema.registry.url: only used with row.format=avro");
    }

    @Test
    void shouldKeepDocumentsOnlyWhereTheCaptureModeNeedsThemUnlessTold() {
        TransformerConfig full = TransformerConfig.of("kafka:9092", "app", "shop", "db");

        assertThat(full.keepsDocuments()).isFalse();
        assertThat(full.withCaptureMode(CaptureMode.CHANGE_STREAMS_WITH_PRE_IMAGE).keepsDocuments()).isTrue();
        assertThat(full.withDocumentStore(true).keepsDocuments()).isTrue();
        assertThat(full.withCaptureMode(CaptureMode.CHANGE_STREAMS).withDocumentStore(false).keepsDocuments()).isFalse();
    }

    @Test
    void shouldListAllowedCaptureModesAndRowFormats() {
        assertThat(CaptureMode.parse("change_streams")).isEqualTo(CaptureMode.CHANGE_STREAMS);
        assertThat(CaptureMode.parse("change_streams_update_full_with_pre_image").fullDocuments()).isTrue();
        assertThatThrownBy(() -> CaptureMode.parse("oplog"))
                .hasMessage("Invalid value oplog for configuration capture.mode: use the connector's capture.mode, "
                        + "one of change_streams, change_streams_update_full, change_streams_with_pre_image, "
                        + "change_streams_update_full_with_pre_image");
        assertThatThrownBy(() -> RowFormat.parse("protobuf"))
                .hasMessage("Invalid value protobuf for configuration row.format: use one of json, avro");
    }

    @Test
    void shouldListAllowedProcessingGuarantees() {
        assertThatThrownBy(() -> ProcessingGuarantee.parse("exactly_once"))
                .hasMessage("Invalid value exactly_once for configuration processing.guarantee: use one of "
                        + "exactly_once_v2, at_least_once");
    }
}
