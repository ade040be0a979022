package io.mongo2pg.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.transformer.topology.RowFormat;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's transformer section reaches the transformer, and its registry the sink that reads its output. */
class ServiceSettingsTest {
    private static final String REGISTRY = "http://registry:8080/apis/registry/v3";
    @TempDir
    Path dir;

    @Test
    void shouldWriteAvroByDefaultAndJsonOnlyWhenAskedFor() throws Exception {
        assertThat(transformer("").rowFormat()).isEqualTo(RowFormat.AVRO);
        assertThat(transformer("").schemaRegistryUrl()).isNull();
        assertThat(transformer("transformer: {rowFormat: json}\n").rowFormat()).isEqualTo(RowFormat.JSON);
    }

    @Test
    void shouldGiveTheTransformersRegistryToTheSinkUnlessTheSinkNamesItsOwn() throws Exception {
        Mongo2pgConfig config = load("transformer: {schemaRegistryUrl: '" + REGISTRY + "'}\n");
        assertThat(ServiceSettings.transformer(config, "kafka:9092").schemaRegistryUrl()).isEqualTo(REGISTRY);
        assertThat(ServiceSettings.sink(config, "kafka:9092").schemaRegistryUrl()).isEqualTo(REGISTRY);

        Mongo2pgConfig own = load("transformer: {schemaRegistryUrl: '" + REGISTRY + "'}\n"
                + "sink: {settings: {schema.registry.url: 'http://other:8080/apis/registry/v3'}}\n");
        assertThat(ServiceSettings.sink(own, "kafka:9092").schemaRegistryUrl())
                .isEqualTo("http://other:8080/apis/registry/v3");
    }

    private TransformerConfig transformer(String section) throws Exception {
        return ServiceSettings.transformer(load(section), "kafka:9092");
    }

    private Mongo2pgConfig load(String extra) throws Exception {
        Files.writeString(dir.resolve("mapping.yml"), "collections:\n  orders:\n    columns:\n      total: {type: integer}\n");
        Path file = Files.writeString(dir.resolve("mongo2pg.yml"), "mapping: mapping.yml\nmongodb: {database: shop}\n"
                + "postgres: {jdbcUrl: 'jdbc:postgresql://pg:5432/app'}\n" + extra);
        return ConfigLoader.load(file, Map.of(), EnumSet.noneOf(ConfigLoader.Need.class));
    }
}
