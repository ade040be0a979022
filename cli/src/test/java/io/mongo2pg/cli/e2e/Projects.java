package io.mongo2pg.cli.e2e;

import java.nio.file.Path;

/** Where the project and its shared test data are, as surefire tells the tests. */
public final class Projects {
    private Projects() {
    }

    public static Path root() {
        return Path.of(System.getProperty("mongo2pg.root", "..")).toAbsolutePath().normalize();
    }
}
