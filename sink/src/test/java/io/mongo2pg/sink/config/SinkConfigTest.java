package io.mongo2pg.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.sink.SinkTestSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
    private static final Mapping MAPPING = SinkTestSupport.sampleAnalyticsMapping();

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "kafka:9092");
        props.put("topic.prefix", "shop");
        props.put("jdbc.url", "jdbc:postgresql://db:5432/app");
        return props;
    }

    @Test
    void shouldDeriveOneTopicPerMappedCollectionAndApplyDefaults() {
        SinkConfig config = SinkConfig.parse(minimal(), MAPPING);

        assertThat(config.topics()).containsExactly("shop.rows.accounts", "shop.rows.customers", "shop.rows.transactions");
        assertThat(config.collectionOf("shop.rows.customers")).contains("customers");
        assertThat(config.groupId()).isEqualTo("mongo2pg-sink");
        assertThat(config.schema()).isEqualTo("public");
        assertThat(config.maxBatchSize()).isEqualTo(1000);
        assertThat(config.pollTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retry()).isEqualTo(SinkConfig.RetrySettings.DEFAULT);
        assertThat(config.jdbcUser()).isNull();
    }

    @Test
    void shouldReadEverySetting() {
        Map<String, String> props = minimal();
        props.putAll(Map.of("group.id", "g1", "jdbc.user", "sync", "jdbc.password", "s3cret", "schema", "target",
                "max.batch.size", "50", "poll.timeout.ms", "20", "retry.max.attempts", "4",
                "retry.initial.backoff.ms", "10", "retry.max.backoff.ms", "80", "kafka.security.protocol", "SSL"));

        SinkConfig config = SinkConfig.parse(props, MAPPING);

        assertThat(config.groupId()).isEqualTo("g1");
        assertThat(config.jdbcUser()).isEqualTo("sync");
        assertThat(config.jdbcPassword()).isEqualTo("s3cret");
        assertThat(config.schema()).isEqualTo("target");
        assertThat(config.maxBatchSize()).isEqualTo(50);
        assertThat(config.pollTimeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.retry()).isEqualTo(new SinkConfig.RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(80)));
        assertThat(config.kafkaOverrides()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void shouldReportEveryProblemAgainstItsKey() {
        Map<String, String> props = new HashMap<>();
        props.put("jdbc.url", "jdbc:mysql://db/app");
        props.put("max.batch.size", "lots");
        props.put("poll.timeout.ms", "0");
        props.put("jdbc.pasword", "typo");

        try {
            SinkConfig.parse(props, MAPPING);
            fail("expected the configuration to be refused");
        } catch (SinkConfigException e) {
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'bootstrap.servers'").contains("required"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'topic.prefix'"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'jdbc.url'").contains("jdbc:mysql://db/app")
                    .contains("jdbc:postgresql://"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'max.batch.size'").contains("'lots'"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'poll.timeout.ms'").contains("'0'"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'jdbc.pasword'").contains("jdbc.password"));
            assertThat(e.getMessage()).doesNotContain("typo");
        }
    }

    @Test
    void shouldReadTheSchemaRegistryUrlAndRefuseOneThatIsNotHttp() {
        Map<String, String> props = minimal();
        assertThat(SinkConfig.parse(props, MAPPING).schemaRegistryUrl()).isNull();
        props.put("schema.registry.url", "http://registry:8080/apis/registry/v3");
        assertThat(SinkConfig.parse(props, MAPPING).schemaRegistryUrl()).isEqualTo("http://registry:8080/apis/registry/v3");

        props.put("schema.registry.url", "registry:8080");

        assertThatThrownBy(() -> SinkConfig.parse(props, MAPPING)).isInstanceOf(SinkConfigException.class)
                .hasMessageContaining("'registry:8080'").hasMessageContaining("'schema.registry.url'")
                .hasMessageContaining("http");
    }

    @Test
    void shouldRefuseTheControlSchemaAsTarget() {
        Map<String, String> props = minimal();
        props.put("schema", "mongo2pg");

        assertThatThrownBy(() -> SinkConfig.parse(props, MAPPING)).isInstanceOf(SinkConfigException.class)
                .hasMessageContaining("'schema'").hasMessageContaining("choose another target schema");
    }

    @Test
    void shouldRefuseKafkaOverridesOfSettingsTheSinkRelieson() {
        Map<String, String> props = minimal();
        props.put("kafka.enable.auto.commit", "true");
        props.put("kafka.isolation.level", "read_uncommitted");

        assertThatThrownBy(() -> SinkConfig.parse(props, MAPPING)).isInstanceOf(SinkConfigException.class)
                .hasMessageContaining("'kafka.enable.auto.commit'").hasMessageContaining("'kafka.isolation.level'");
    }

    @Test
    void shouldValidateRecordsBuiltDirectlyToo() {
        assertThatThrownBy(() -> new SinkConfig("", "g", Map.of(), "jdbc:postgresql:x", null, null, "public", 0,
                Duration.ofMillis(1), SinkConfig.RetrySettings.DEFAULT, Duration.ofSeconds(1), Map.of()))
                .isInstanceOf(SinkConfigException.class).hasMessageContaining("'bootstrap.servers'")
                .hasMessageContaining("'max.batch.size'").hasMessageContaining("topics");
    }

    @Test
    void shouldNeverPrintSecrets() {
        Map<String, String> props = minimal();
        props.put("jdbc.url", "jdbc:postgresql://db:5432/app?user=u&password=urlsecret&ssl=true");
        props.put("jdbc.password", "s3cret");
        props.put("kafka.sasl.jaas.config", "PlainLoginModule required password=\"kafkasecret\";");

        String shown = SinkConfig.parse(props, MAPPING).toString();

        assertThat(shown).doesNotContain("s3cret", "urlsecret", "kafkasecret").contains("password=****&ssl=true")
                .contains("jdbcPassword=****");
    }
}
