package io.mongo2pg.mapping;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real test material in ../shared/data and the example mappings committed with the project. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("mongo2pg.root", "..")).toAbsolutePath().normalize();
    }

    public static Path samples(String file) {
        return root().resolve("../shared/data/mongodb-samples").resolve(file).normalize();
    }

    public static Mapping exampleMapping(String name) {
        return MappingLoader.load(root().resolve("examples").resolve(name + ".yml"));
    }

    /** Every example mapping file in examples/. */
    public static List<Path> exampleMappings() {
        try (Stream<Path> files = Files.list(root().resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Mapping mapping(String yaml) {
        return MappingLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
