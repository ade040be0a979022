package io.mongo2pg.cli.schema;

import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code schema apply --migrations DIR}: Flyway migrate, then, given a mapping, the check that the schema now matches
 * it (a difference names itself and the command that writes its migration).
 */
final class MigrationsApply {
    private final CommandSpec spec;
    private final String jdbcUrl;
    private final String schema;
    private final Path migrations;
    private final Path mappingFile;

    MigrationsApply(CommandSpec spec, String jdbcUrl, String schema, Path migrations, Path mappingFile) {
        this.spec = spec;
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.migrations = migrations;
        this.mappingFile = mappingFile;
    }

    int call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("Invalid value " + migrations + " for --migrations: not a directory; "
                    + "write migrations into it with 'mongo2pg schema diff --migrations " + migrations + " ...'");
        }
        RelationalModel model = mappingFile == null ? null : RelationalModel.of(MappingLoader.load(mappingFile));
        try {
            MigrateResult result = new FlywayMigrations(jdbcUrl, SchemaApplyCommand.password(), schema, migrations).migrate();
            out.printf("Schema '%s': %d migration(s) applied, now at version %s.%n", schema, result.migrationsExecuted,
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion);
            if (model == null) {
                return 0;
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl, SchemaApplyCommand.credentials())) {
                List<SchemaDiff.Change> left = SchemaDiff.between(schema, model, CatalogSnapshot.read(connection, schema));
                if (left.isEmpty()) {
                    out.printf("Schema '%s' matches %s.%n", schema, mappingFile);
                    return 0;
                }
                err.println("mongo2pg: schema '" + schema + "' still differs from " + mappingFile + ":\n  - "
                        + String.join("\n  - ", left.stream().map(SchemaDiff.Change::what).toList())
                        + "\nWrite the migration with 'mongo2pg schema diff --mapping " + mappingFile + " --migrations "
                        + migrations + " --postgres ... --schema " + schema + "', review it, and apply again.");
                return 1;
            }
        } catch (FlywayException | SQLException e) {
            err.println("mongo2pg: cannot migrate " + SchemaCatalog.withoutPassword(jdbcUrl) + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
