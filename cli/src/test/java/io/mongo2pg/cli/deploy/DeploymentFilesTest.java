package io.mongo2pg.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.connectors.connect.ConnectorDefinition;
import io.mongo2pg.connectors.connect.ConnectorRenderer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files parse, and what they wire together matches the config they run with: compose service names,
 * ports and environment against deploy/compose/mongo2pg.yml, the Kubernetes Deployments' probes, scrape annotations
 * and secret against the HTTP endpoints, and the KafkaConnector against what {@code connector render} renders. Docker
 * and Kubernetes are not available here: the files are checked, never run.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("mongo2pg.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldWireComposeServicesToTheConfigTheyRunWith() throws Exception {
        // SnakeYAML resolves the anchors and merge keys (<<: *mongo2pg) compose uses; Jackson's tree does not.
        Object parsed = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        JsonNode services = YAML.valueToTree(parsed).get("services");
        assertThat(fieldNames(services)).contains("mongodb", "kafka", "connect", "postgres", "connector-deploy",
                "transformer", "sink");
        Mongo2pgConfig config = ConfigLoader.load(ROOT.resolve("deploy/compose/mongo2pg.yml"),
                Map.of("PGPASSWORD", "secret"), EnumSet.allOf(ConfigLoader.Need.class));

        URI postgres = URI.create(config.postgres().jdbcUrl().substring("jdbc:".length()));
        assertThat(services.has(postgres.getHost())).isTrue();
        assertThat(services.at("/postgres/environment/POSTGRES_DB").asText()).isEqualTo(postgres.getPath().substring(1));
        assertThat(services.at("/postgres/environment/POSTGRES_USER").asText()).isEqualTo(config.postgres().user());
        assertThat(services.at("/kafka/environment/KAFKA_ADVERTISED_LISTENERS").asText())
                .isEqualTo("PLAINTEXT://" + config.kafka().bootstrapServers());
        URI connect = URI.create(config.connect().url());
        assertThat(services.has(connect.getHost())).isTrue();
        assertThat(services.at("/connect/ports/0").asText()).startsWith(connect.getPort() + ":");
        assertThat(config.mongodb().connectionString()).startsWith("mongodb://mongodb:27017/?replicaSet=rs0");
        assertThat(services.at("/mongodb/command").toString()).contains("rs0");
        assertThat(config.mongodb().debezium()).containsEntry("signal.kafka.bootstrap.servers",
                config.kafka().bootstrapServers());
        assertThat(config.mongodb().debezium()).containsEntry("signal.data.collection",
                config.mongodb().database() + ".debezium_signal");

        for (String role : List.of("transformer", "sink")) {
            JsonNode service = services.get(role);
            assertThat(service.get("command").toString()).isEqualTo("[\"" + role + "\",\"--config\",\"/config/mongo2pg.yml\"]");
            assertThat(service.at("/environment/PGPASSWORD").asText()).startsWith("${PGPASSWORD");
            assertThat(service.get("volumes").toString()).contains("./deploy/compose:/config:ro");
            assertThat(service.at("/ports/0").asText()).endsWith(":" + config.http().port());
            assertThat(service.get("build").asText()).isEqualTo(".");
        }
        assertThat(services.at("/connector-deploy/command").toString()).contains("connector", "deploy");
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("FROM eclipse-temurin:17-jre",
                "COPY cli/target/mongo2pg.jar", "EXPOSE " + config.http().port());
    }

    @Test
    void shouldRunTheKafkaAndDebeziumVersionsThePomBuildsWith() throws Exception {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String kafka = pomProperty(pom, "kafka.version");
        String debezium = pomProperty(pom, "debezium.version");
        JsonNode services = YAML.valueToTree(new org.yaml.snakeyaml.Yaml()
                .load(Files.readString(ROOT.resolve("docker-compose.yml")))).get("services");
        assertThat(services.at("/connect/image").asText()).isEqualTo("quay.io/debezium/connect:" + debezium);
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + kafka);
        assertThat(documents("kafka.yaml").get(1).at("/spec/kafka/version").asText()).isEqualTo(kafka);
        JsonNode connect = documents("kafka-connect.yaml").get(0);
        assertThat(connect.at("/spec/version").asText()).isEqualTo(kafka);
        assertThat(connect.at("/spec/build/plugins/0/artifacts/0/url").asText())
                .contains("debezium-connector-mongodb/" + debezium + "/debezium-connector-mongodb-" + debezium + "-plugin");
    }

    @Test
    void shouldGiveEveryKubernetesDeploymentProbesScrapingTheSecretAndTheConfigMap() throws Exception {
        Mongo2pgConfig config = ConfigLoader.load(ROOT.resolve("deploy/kubernetes/mongo2pg.yml"),
                Map.of("PGPASSWORD", "secret"), EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
        List<JsonNode> secret = documents("secret.yaml");
        String secretName = secret.get(0).at("/metadata/name").asText();
        assertThat(fieldNames(secret.get(0).get("stringData"))).contains("PGPASSWORD", "MONGODB_PASSWORD");
        String configMap = documents("kustomization.yaml").get(0).at("/configMapGenerator/0/name").asText();
        for (String role : List.of("transformer", "sink")) {
            JsonNode pod = documents(role + ".yaml").get(0).at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            assertThat(container.get("args").toString()).isEqualTo("[\"" + role + "\",\"--config\",\"/config/mongo2pg.yml\"]");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
            assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(config.http().port());
            assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asInt()).isEqualTo(config.http().port());
            assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
            assertThat(container.at("/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo(secretName);
            assertThat(pod.at("/spec/volumes/0/configMap/name").asText()).isEqualTo(configMap);
        }
        List<JsonNode> kafka = documents("kafka.yaml");
        String cluster = kafka.get(1).at("/metadata/name").asText();
        assertThat(config.kafka().bootstrapServers()).isEqualTo(cluster + "-kafka-bootstrap:9092");
        JsonNode connect = documents("kafka-connect.yaml").get(0);
        assertThat(connect.at("/metadata/name").asText()).isEqualTo(config.connect().strimziCluster());
        assertThat(connect.at("/metadata/annotations/strimzi.io~1use-connector-resources").asText()).isEqualTo("true");
    }

    @Test
    void shouldKeepTheKafkaConnectorAsConnectorRenderRendersIt() throws Exception {
        Mongo2pgConfig config = ConfigLoader.load(ROOT.resolve("deploy/kubernetes/mongo2pg.yml"),
                Map.of("PGPASSWORD", "secret"), EnumSet.of(ConfigLoader.Need.MONGODB, ConfigLoader.Need.KAFKA));
        List<ConnectorDefinition> connectors = ConnectorRenderer.render(config.capture());
        assertThat(connectors).hasSize(1);
        String rendered = ConnectorRenderer.strimziYaml(connectors.get(0), config.connect().strimziCluster(),
                config.connect().strimziApiVersion());
        assertThat(YAML.readTree(rendered)).isEqualTo(documents("kafka-connector.yaml").get(0));
    }

    @Test
    void shouldDescribeTheCommittedKafkaConnectorWithTheConfigsCaptureSettings() throws Exception {
        JsonNode connector = documents("kafka-connector.yaml").get(0);
        Mongo2pgConfig config = ConfigLoader.load(ROOT.resolve("deploy/kubernetes/mongo2pg.yml"),
                Map.of("PGPASSWORD", "secret"), EnumSet.of(ConfigLoader.Need.MONGODB, ConfigLoader.Need.KAFKA));
        assertThat(connector.get("kind").asText()).isEqualTo("KafkaConnector");
        assertThat(connector.at("/metadata/labels/strimzi.io~1cluster").asText())
                .isEqualTo(config.connect().strimziCluster());
        assertThat(connector.at("/spec/config/topic.prefix").asText()).isEqualTo(config.topicPrefix());
        assertThat(connector.at("/spec/config/mongodb.connection.string").asText())
                .isEqualTo(config.mongodb().connectionString());
        assertThat(connector.at("/spec/config/signal.kafka.topic").asText()).isEqualTo("mongo2pg.signals");
        assertThat(connector.at("/spec/config/signal.data.collection").asText())
                .isEqualTo(config.mongodb().database() + ".debezium_signal");
        assertThat(connector.at("/spec/config/topic.creation.default.cleanup.policy").asText()).isEqualTo("compact");
    }

    private static String pomProperty(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(value.find()).as("property %s in pom.xml", name).isTrue();
        return value.group(1).trim();
    }

    private static List<JsonNode> documents(String file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(ROOT.resolve("deploy/kubernetes").resolve(file).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
