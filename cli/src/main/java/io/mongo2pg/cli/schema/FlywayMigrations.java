package io.mongo2pg.cli.schema;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway over a directory of SQL migrations, with its history table in the target schema. A schema that already
 * has tables but no history (created by the sink, or by {@code schema apply} without migrations) is baselined at
 * version 0, so V1 and later apply on top of it.
 */
final class FlywayMigrations {
    private final Flyway flyway;

    FlywayMigrations(String jdbcUrl, String password, String schema, Path dir) {
        this.flyway = Flyway.configure()
                .dataSource(jdbcUrl, null, password)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("filesystem:" + dir.toAbsolutePath())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /** Migrations in the directory that have not been applied yet, as {@code V2__add_x}. */
    List<String> pending() {
        return Arrays.stream(flyway.info().pending()).map(FlywayMigrations::name).toList();
    }

    MigrateResult migrate() {
        return flyway.migrate();
    }

    private static String name(MigrationInfo info) {
        return "V" + info.getVersion() + "__" + info.getDescription().replace(' ', '_');
    }
}
