package io.mongo2pg.cli.cutover;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.verify.Verifier;
import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mongo2pg cutover finalize}: the cross-collection foreign keys, each statement committed on its own, so that
 * the NOT VALID add holds its strong lock only for a moment and the validation runs under a lock that lets writes
 * through. Re-runnable: every foreign key is dropped before it is added.
 */
@Command(name = "finalize", mixinStandardHelpOptions = true,
        description = {"Create the foreign keys between collections: unique indexes on referenced fields, each",
                "foreign key added NOT VALID, then validated. Run 'mongo2pg cutover check' first.",
                "Exit 0 when every key validated, 1 when one failed (the reason and what to do are printed)."})
public final class CutoverFinalizeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mongo2pg config file.")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.POSTGRES));
        List<String> statements = new DdlGenerator(loaded.postgres().schema())
                .cutoverStatements(RelationalModel.of(loaded.mapping()));
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = Verifier.connect(loaded); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                    out.println("ok: " + sql.replace('\n', ' '));
                } catch (SQLException e) {
                    out.println("failed: " + sql.replace('\n', ' ') + "\n  " + e.getMessage());
                    out.println("Run 'mongo2pg verify --config " + config + "' to list the dangling references or "
                            + "duplicates, fix the data in MongoDB (or the mapping), let the pipeline apply it, then run "
                            + "'mongo2pg cutover finalize' again: it is re-runnable.");
                    return 1;
                }
            }
        } catch (SQLException e) {
            spec.commandLine().getErr().println("mongo2pg: " + e.getMessage());
            return 3;
        }
        long keys = statements.stream().filter(s -> s.contains(" VALIDATE CONSTRAINT ")).count();
        out.println("cutover: " + keys + " foreign key(s) created and validated");
        return 0;
    }
}
