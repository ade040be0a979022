package io.mongo2pg.connectors.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorRendererTest {

    private static MongoCaptureConfig shop() {
        return MongoCaptureConfig.of("mongodb://app:s3cret@db1:27017/?replicaSet=rs0", "m2p", "shop",
                List.of("orders", "customers"), Path.of("/var/lib/mongo2pg/offsets"));
    }

    @Test
    void shouldRenderOneConnectorWithProductionDefaultsAndNoEngineSettings() {
        List<ConnectorDefinition> connectors = ConnectorRenderer.render(shop());

        assertThat(connectors).hasSize(1);
        ConnectorDefinition connector = connectors.get(0);
        assertThat(connector.name()).isEqualTo("m2p");
        assertThat(connector.pluginAlias()).isEqualTo("MongoDbConnector");
        assertThat(connector.config())
                .containsEntry("connector.class", "io.debezium.connector.mongodb.MongoDbConnector")
                .containsEntry("tasks.max", "1")
                .containsEntry("topic.creation.default.cleanup.policy", "compact")
                .containsEntry("mongodb.connection.string", "mongodb://app:s3cret@db1:27017/?replicaSet=rs0")
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter.schemas.enable", "false")
                .containsEntry("collection.include.list", "shop\\.orders,shop\\.customers")
                .doesNotContainKeys("offset.storage", "offset.storage.file.filename", "capture.scope",
                        "cursor.pipeline", "filters.match.mode");
    }

    @Test
    void shouldRenderOneConnectorPerCollectionWithCollectionScope() {
        MongoCaptureConfig perCollection = shop().withOverrides(Map.of("capture.scope", "collection"));

        assertThat(ConnectorRenderer.render(perCollection))
                .extracting(ConnectorDefinition::name, c -> c.config().get("capture.target"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m2p.shop.orders", "shop.orders"),
                        org.assertj.core.groups.Tuple.tuple("m2p.shop.customers", "shop.customers"));
    }

    @Test
    void shouldRenderConnectJsonThatConnectAccepts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ConnectorRenderer.connectJson(ConnectorRenderer.render(shop()).get(0)));

        assertThat(json.get("name").asText()).isEqualTo("m2p");
        assertThat(json.get("config").get("topic.prefix").asText()).isEqualTo("m2p");
        assertThat(json.get("config").get("tasks.max").isTextual()).isTrue();
    }

    @Test
    void shouldRenderStrimziResourceWithKubernetesNameAndWithoutReservedKeys() throws Exception {
        ConnectorDefinition connector = ConnectorRenderer.render(
                shop().withOverrides(Map.of("capture.scope", "collection"))).get(0);

        JsonNode yaml = new YAMLMapper().readTree(ConnectorRenderer.strimziYaml(connector, "my-connect",
                "kafka.strimzi.io/v1"));

        assertThat(yaml.get("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(yaml.get("kind").asText()).isEqualTo("KafkaConnector");
        assertThat(yaml.at("/metadata/name").asText()).isEqualTo("m2p.shop.orders");
        assertThat(yaml.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-connect");
        assertThat(yaml.at("/spec/class").asText()).isEqualTo("io.debezium.connector.mongodb.MongoDbConnector");
        assertThat(yaml.at("/spec/tasksMax").asInt()).isEqualTo(1);
        assertThat(yaml.at("/spec/config/capture.target").asText()).isEqualTo("shop.orders");
        assertThat(yaml.at("/spec/config").has("connector.class")).isFalse();
        assertThat(yaml.at("/spec/config").has("tasks.max")).isFalse();
        assertThat(yaml.at("/spec/config").has("name")).isFalse();
    }

    @Test
    void shouldMakeKubernetesNamesFromConnectorNames() {
        assertThat(ConnectorRenderer.kubernetesName("M2P.sample_analytics.accounts")).isEqualTo("m2p.sample-analytics.accounts");
        assertThat(ConnectorRenderer.kubernetesName("_x_")).isEqualTo("x");
    }

    @Test
    void shouldMaskPasswordsButKeepConfigProviderReferences() {
        ConnectorDefinition connector = new ConnectorDefinition("c", Map.of(
                "mongodb.connection.string", "mongodb://app:s3cret@db1:27017",
                "mongodb.password", "s3cret",
                "other.password", "${file:/secrets/mongo.properties:password}"));

        assertThat(connector.masked().config())
                .containsEntry("mongodb.connection.string", "mongodb://app:****@db1:27017")
                .containsEntry("mongodb.password", "****")
                .containsEntry("other.password", "${file:/secrets/mongo.properties:password}");
        assertThat(connector.toString()).doesNotContain("s3cret");
    }
}
