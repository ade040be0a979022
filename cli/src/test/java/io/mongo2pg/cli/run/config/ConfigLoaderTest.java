package io.mongo2pg.cli.run.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.transformer.topology.RowFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeMapping() throws Exception {
        Files.writeString(dir.resolve("mapping.yml"), "collections:\n  orders:\n    columns:\n      total: {type: integer}\n");
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("mongo2pg.yml"), yaml);
    }

    @Test
    void shouldResolveEnvironmentAndFileSecretsAndNeverPrintThem() throws Exception {
        Files.writeString(dir.resolve("pg-password"), "file-s3cret\n");
        Path file = config("""
                mapping: mapping.yml
                mongodb:
                  connectionString: mongodb://app:${MONGO_PASSWORD}@db:27017/?replicaSet=rs0
                  database: ${MONGO_DB:-shop}
                kafka:
                  bootstrapServers: broker:9092
                  client: {sasl.jaas.config: "${JAAS}", security.protocol: SASL_SSL}
                postgres:
                  jdbcUrl: jdbc:postgresql://pg:5432/app
                  user: app
                  password: ${PGPASSWORD}
                """);

        Mongo2pgConfig config = ConfigLoader.load(file, Map.of("MONGO_PASSWORD", "mongo-s3cret", "JAAS", "jaas-s3cret",
                "PGPASSWORD_FILE", dir.resolve("pg-password").toString()), EnumSet.allOf(ConfigLoader.Need.class));

        assertThat(config.mongodb().connectionString()).isEqualTo("mongodb://app:mongo-s3cret@db:27017/?replicaSet=rs0");
        assertThat(config.mongodb().database()).isEqualTo("shop");
        assertThat(config.postgres().password().reveal()).isEqualTo("file-s3cret");
        assertThat(config.kafka().client()).containsEntry("sasl.jaas.config", "jaas-s3cret");
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) -1);
        assertThat(config.transformer().applicationId()).isEqualTo("mongo2pg-transformer");
        assertThat(config.transformer().rowFormat()).isEqualTo(RowFormat.AVRO);
        assertThat(config.transformer().schemaRegistryUrl()).isNull();
        assertThat(config.mapping().collectionNames()).containsExactly("orders");
        assertThat(config.toString()).doesNotContain("mongo-s3cret", "file-s3cret", "jaas-s3cret")
                .contains("mongodb://app:****@db", "SASL_SSL");
    }

    @Test
    void shouldReportEveryProblemAgainstItsYamlPath() throws Exception {
        Path file = config("""
                mapping: mapping.yml
                colections: {}
                mongodb:
                  database: shop
                  debezium: {topic.prefix: other}
                kafka:
                  partitions: zero
                postgres:
                  jdbcUrl: jdbc:mysql://db/app
                  password: ${PGPASSWORD}
                http: {port: 70000}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), EnumSet.allOf(ConfigLoader.Need.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("colections: unknown key; known keys here: [connect, dataDir, http, kafka, mapping")
                .hasMessageContaining("mongodb.connectionString: missing; e.g. 'mongodb://")
                .hasMessageContaining("kafka.partitions: invalid value 'zero'; use a whole number from 1 to 10000")
                .hasMessageContaining("postgres.jdbcUrl: invalid value 'jdbc:mysql://db/app'; it must start with 'jdbc:postgresql:'")
                .hasMessageContaining("postgres.password: environment variable PGPASSWORD is not set (nor PGPASSWORD_FILE")
                .hasMessageContaining("http.port: invalid value '70000'");
    }

    @Test
    void shouldReadTheRowFormatAndReportBadValuesWithTheAllowedOnes() throws Exception {
        Path json = config("mapping: mapping.yml\ntransformer: {rowFormat: JSON}\n");
        assertThat(ConfigLoader.load(json, Map.of(), EnumSet.noneOf(ConfigLoader.Need.class)).transformer().rowFormat())
                .isEqualTo(RowFormat.JSON);

        Path bad = config("mapping: mapping.yml\ntransformer: {rowFormat: xml, schemaRegistryUrl: registry:8080}\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad, Map.of(), EnumSet.noneOf(ConfigLoader.Need.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transformer.rowFormat: invalid value 'xml'; use one of json, avro")
                .hasMessageContaining("transformer.schemaRegistryUrl: invalid value 'registry:8080'; use the "
                        + "registry's http(s) API URL");

        Path registryWithJson = config("mapping: mapping.yml\n"
                + "transformer: {rowFormat: json, schemaRegistryUrl: 'http://registry:8080/apis/registry/v3'}\n");
        assertThatThrownBy(() -> ConfigLoader.load(registryWithJson, Map.of(), EnumSet.noneOf(ConfigLoader.Need.class)))
                .hasMessageContaining("transformer.schemaRegistryUrl: is only used with Avro RowSets, but "
                        + "transformer.rowFormat is 'json'; remove the registry URL or set rowFormat: avro");
    }

    @Test
    void shouldReportDebeziumSettingsMongo2pgDerivesUnderMongodb() throws Exception {
        Path file = config("""
                mapping: mapping.yml
                mongodb:
                  connectionString: mongodb://db:27017
                  database: shop
                  debezium: {topic.prefix: other}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), EnumSet.of(ConfigLoader.Need.MONGODB)))
                .hasMessageContaining("mongodb: Invalid value other for configuration topic.prefix in mongodb.debezium: "
                        + "it is derived from topicPrefix");
    }

    @Test
    void shouldReportBadMappingFileThroughTheConfig() throws Exception {
        Path file = config("mapping: missing.yml\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), EnumSet.noneOf(ConfigLoader.Need.class)))
                .hasMessageContaining("mapping: cannot read " + dir.resolve("missing.yml"));
    }

    @Test
    void shouldKeepConnectConfigProviderReferencesAndEscapes() throws Exception {
        Path file = config("""
                mapping: mapping.yml
                mongodb:
                  connectionString: mongodb://app:${file:/opt/secrets/mongo.properties:password}@db:27017
                  database: shop
                  debezium: {note: "$${NOT_A_VAR}"}
                """);

        Mongo2pgConfig config = ConfigLoader.load(file, Map.of(), EnumSet.of(ConfigLoader.Need.MONGODB));

        assertThat(config.mongodb().connectionString()).contains("${file:/opt/secrets/mongo.properties:password}");
        assertThat(config.mongodb().debezium()).containsEntry("note", "${NOT_A_VAR}");
    }

    @Test
    void shouldLoadTheCommentedExample() {
        Path example = io.mongo2pg.cli.e2e.Projects.root().resolve("examples/config/mongo2pg.yml");

        Mongo2pgConfig config = ConfigLoader.load(example, Map.of("MONGODB_PASSWORD", "m", "PGPASSWORD", "p"),
                EnumSet.allOf(ConfigLoader.Need.class));

        assertThat(config.mapping().collectionNames()).contains("accounts", "customers", "transactions");
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.capture().engineSpecs()).hasSize(1);
        assertThat(config.connect().strimziApiVersion()).isEqualTo("kafka.strimzi.io/v1");
    }
}
