package io.mongo2pg.mapping;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import java.nio.file.Path;

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
}
