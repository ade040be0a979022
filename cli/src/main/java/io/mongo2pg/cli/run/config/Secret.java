package io.mongo2pg.cli.run.config;

import java.util.Objects;

/** A value that must never be printed: {@link #toString()} masks it; only {@link #reveal()} gives it out. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
