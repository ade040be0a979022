package io.mongo2pg.cli.verify;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@code mongo2pg.yml} and its mapping into a directory, for commands under test. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * @param kafka bootstrap servers of a running broker, or null to leave the kafka section out
     */
    public static Path write(Path dir, String name, String mappingYaml, String mongoUrl, String database,
                             String jdbcUrl, String user, String schema, String kafka, String topicPrefix)
            throws IOException {
        return write(dir, name, mappingYaml, mongoUrl, database, jdbcUrl, user, schema, kafka, topicPrefix,
                topicPrefix + "-sink");
    }

    /** {@link #write} with the sink's consumer group given. */
    public static Path write(Path dir, String name, String mappingYaml, String mongoUrl, String database,
                             String jdbcUrl, String user, String schema, String kafka, String topicPrefix,
                             String sinkGroup) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + "-mapping.yml"), mappingYaml);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mapping", name + "-mapping.yml");
        root.put("topicPrefix", topicPrefix);
        root.put("dataDir", name + "-data");
        root.put("mongodb", Map.of("connectionString", mongoUrl, "database", database));
        if (kafka != null) {
            root.put("kafka", Map.of("bootstrapServers", kafka, "partitions", 2));
        }
        root.put("postgres", Map.of("jdbcUrl", jdbcUrl, "user", user, "schema", schema));
        root.put("transformer", Map.of("applicationId", topicPrefix + "-transformer"));
        root.put("sink", Map.of("groupId", sinkGroup));
        Path file = dir.resolve(name + ".yml");
        new YAMLMapper().writeValue(file.toFile(), root);
        return file;
    }
}
