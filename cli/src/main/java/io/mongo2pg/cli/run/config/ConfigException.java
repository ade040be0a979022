package io.mongo2pg.cli.run.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A config file that cannot be used, with every problem found, each against its YAML path. It is an
 * {@link IllegalArgumentException} so that the command line prints it as a user error (exit code 2).
 */
public class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(Path source, List<String> problems) {
        super("Invalid config file " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
