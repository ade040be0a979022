package io.mongo2pg.mapping.model;

import java.util.List;

/** A mapping file that cannot be used; carries every problem found, each against its YAML path. */
public class MappingException extends RuntimeException {
    private final List<String> problems;

    public MappingException(String source, List<String> problems) {
        super("Invalid mapping " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
