package io.mongo2pg.cli.schema;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Applies a mapping's DDL to PostgreSQL in one transaction. Idempotent: tables that exist are left alone, but
 * only if they match the mapping; otherwise nothing is applied and every difference is listed.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create the tables of a mapping in PostgreSQL (idempotent, one transaction).",
                "The password, if the server needs one, comes from the environment variable PGPASSWORD."})
public final class SchemaApplyCommand implements Callable<Integer> {
    static final String PASSWORD_VARIABLE = "PGPASSWORD";

    @Spec
    private CommandSpec spec;

    @Option(names = "--mapping", paramLabel = "FILE", description = "The mapping YAML file (with --migrations: checked "
            + "against the schema after migrating).")
    private Path mappingFile;

    @Option(names = "--migrations", paramLabel = "DIR", description = "Apply the pending migrations of DIR with Flyway "
            + "(written by 'schema diff') instead of the mapping's DDL.")
    private Path migrations;

    @Option(names = "--postgres", required = true, paramLabel = "JDBC_URL",
            description = "e.g. jdbc:postgresql://localhost:5432/app?user=mongo2pg")
    private String jdbcUrl;

    @Option(names = "--schema", defaultValue = "public", description = "Target PostgreSQL schema (default: ${DEFAULT-VALUE}).")
    private String schema;

    @Option(names = "--cutover", description = "Also create the cross-collection foreign keys (run after 'verify' "
            + "reports no dangling references).")
    private boolean cutover;

    @Override
    public Integer call() {
        if (migrations != null) {
            return new MigrationsApply(spec, jdbcUrl, schema, migrations, mappingFile).call();
        }
        if (mappingFile == null) {
            throw new IllegalArgumentException("Missing --mapping FILE (or --migrations DIR to apply migrations with Flyway)");
        }
        RelationalModel model = RelationalModel.of(MappingLoader.load(mappingFile));
        DdlGenerator generator = new DdlGenerator(schema);
        List<String> statements = new ArrayList<>(generator.createStatements(model));
        if (cutover) {
            statements.addAll(generator.cutoverStatements(model));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials())) {
            SchemaCatalog catalog = new SchemaCatalog(connection, schema);
            List<String> existing = catalog.existingTables(model);
            List<String> problems = catalog.mismatches(model, false); // before, since the DDL would fail on them
            if (problems.isEmpty()) {
                problems = apply(connection, statements, catalog, model);
            }
            if (!problems.isEmpty()) {
                err.println("mongo2pg: existing tables in schema '" + schema + "' do not match the mapping; nothing was "
                        + "applied:\n  - " + String.join("\n  - ", problems)
                        + "\nDrop or migrate these tables, or use another --schema.");
                return 1;
            }
            out.printf("Schema '%s': %d tables (%d created, %d already there and matching)%s.%n", schema,
                    model.allTables().size(), model.allTables().size() - existing.size(), existing.size(),
                    cutover ? ", cross-collection foreign keys validated" : "");
            return 0;
        } catch (SQLException e) {
            err.println("mongo2pg: cannot apply the schema to " + SchemaCatalog.withoutPassword(jdbcUrl) + ": "
                    + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static List<String> apply(Connection connection, List<String> statements, SchemaCatalog catalog,
                                      RelationalModel model) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
            List<String> problems = catalog.mismatches(model, true);
            if (problems.isEmpty()) {
                connection.commit();
            } else {
                connection.rollback();
            }
            return problems;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    static String password() {
        return System.getenv(PASSWORD_VARIABLE);
    }

    static Properties credentials() {
        Properties properties = new Properties();
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
