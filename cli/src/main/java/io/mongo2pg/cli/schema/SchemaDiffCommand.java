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
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compares a mapping with the live PostgreSQL catalog and writes the versioned migration (Flyway naming) that brings
 * the schema to it; nothing is applied ({@code schema apply --migrations} does that).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare a mapping with the live schema and write the migration V<n>__<description>.sql that "
                + "brings it there.", "Type changes and drops are written commented out with a WARNING: data is never "
                + "dropped automatically.", "The password, if the server needs one, comes from PGPASSWORD."})
public final class SchemaDiffCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "The mapping YAML file.")
    private Path mappingFile;

    @Option(names = "--postgres", required = true, paramLabel = "JDBC_URL",
            description = "e.g. jdbc:postgresql://localhost:5432/app?user=mongo2pg")
    private String jdbcUrl;

    @Option(names = "--schema", defaultValue = "public", description = "Target PostgreSQL schema (default: ${DEFAULT-VALUE}).")
    private String schema;

    @Option(names = "--migrations", required = true, paramLabel = "DIR", description = "The migrations directory.")
    private Path migrations;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the migration does (default: the mapping's "
            + "file name), e.g. 'add orders total'.")
    private String description;

    @Override
    public Integer call() {
        RelationalModel model = RelationalModel.of(MappingLoader.load(mappingFile));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<String> pending = Files.isDirectory(migrations) ? new FlywayMigrations(jdbcUrl,
                    SchemaApplyCommand.password(), schema, migrations).pending() : List.of();
            if (!pending.isEmpty()) {
                err.println("mongo2pg: " + pending.size() + " migration(s) in " + migrations + " are not applied to schema '"
                        + schema + "' yet: " + pending + "; apply them first with 'mongo2pg schema apply --migrations "
                        + migrations + " --postgres ... --schema " + schema + "', so that the diff starts from them.");
                return 1;
            }
            List<SchemaDiff.Change> changes;
            try (Connection connection = DriverManager.getConnection(jdbcUrl, SchemaApplyCommand.credentials())) {
                changes = SchemaDiff.between(schema, model, CatalogSnapshot.read(connection, schema));
            }
            if (changes.isEmpty()) {
                out.printf("Schema '%s' matches %s: no migration written.%n", schema, mappingFile);
                return 0;
            }
            String what = description != null ? description : "update " + mappingFile.getFileName().toString()
                    .replaceFirst("\\.ya?ml$", "");
            Path file = MigrationFiles.write(migrations, what, mappingFile.toString(), changes);
            long unsafe = changes.stream().filter(c -> !c.safe()).count();
            out.printf("Wrote %s: %d statement(s) to run, %d commented out for review.%n", file, changes.size() - unsafe, unsafe);
            changes.stream().filter(c -> !c.safe()).forEach(c -> out.println("  WARNING: " + c.what() + ": " + c.warning()));
            return 0;
        } catch (SQLException | FlywayException e) {
            err.println("mongo2pg: cannot compare with " + SchemaCatalog.withoutPassword(jdbcUrl) + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
