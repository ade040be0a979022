package io.mongo2pg.sink.config;

import java.util.List;

/** A sink configuration that cannot be used; carries every problem found, each naming its key, value and fix. */
public class SinkConfigException extends RuntimeException {
    private final List<String> problems;

    public SinkConfigException(List<String> problems) {
        super("Invalid sink configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
