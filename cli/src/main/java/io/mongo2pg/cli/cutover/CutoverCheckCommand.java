package io.mongo2pg.cli.cutover;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;

import io.mongo2pg.cli.lag.LagCollector;
import io.mongo2pg.cli.lag.LagReport;
import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.verify.Verifier;
import io.mongo2pg.cli.verify.VerifyProgress;
import io.mongo2pg.cli.verify.VerifyReport;
import io.mongo2pg.cli.verify.VerifySettings;
import io.mongo2pg.cli.verify.VerifyText;
import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.sql.ControlStatements;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mongo2pg cutover check}: go only when lag, freshness, verify and the foreign keys all pass. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Go/no-go for cutover: consumer lag and freshness under the thresholds, no dead letters,",
                "verify clean (counts, documents, references) and the cross-collection foreign keys would validate",
                "(a dry run rolled back). Prints a table; exit 0 only on GO, 1 on NO-GO, 3 when a system is",
                "unreachable."})
public final class CutoverCheckCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mongo2pg config file.")
    private Path config;

    @Option(names = "--max-lag-records", defaultValue = "0", paramLabel = "N",
            description = "Records each consumer group may still have to read (default: ${DEFAULT-VALUE}).")
    private long maxLagRecords;

    @Option(names = "--max-freshness-seconds", defaultValue = "60", paramLabel = "S",
            description = "How far PostgreSQL may be behind the source per collection (default: ${DEFAULT-VALUE}).")
    private long maxFreshnessSeconds;

    @Option(names = "--sample", paramLabel = "N", description = "Verify a random sample of N documents per collection.")
    private Integer sample;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.allOf(ConfigLoader.Need.class));
        if (maxLagRecords < 0 || maxFreshnessSeconds < 0) {
            throw new IllegalArgumentException("--max-lag-records and --max-freshness-seconds must be 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<CheckResult> results = new ArrayList<>();
        VerifyReport verified;
        try (LagCollector lag = new LagCollector(loaded, Clock.systemUTC())) {
            LagReport report = lag.collect();
            results.addAll(CutoverChecks.lag(report, maxLagRecords, Duration.ofSeconds(maxFreshnessSeconds)));
            verified = new Verifier(loaded, new VerifySettings(sample, 500, 20)).verify(List.of(), VerifyProgress.NONE);
            results.addAll(CutoverChecks.verify(verified, sample));
            results.addAll(postgresChecks(loaded));
        } catch (SQLException | IllegalStateException e) {
            spec.commandLine().getErr().println("mongo2pg: cutover check could not measure everything: "
                    + e.getMessage());
            return 3;
        }
        out.print(CutoverChecks.render(results));
        if (!verified.clean()) {
            out.println();
            out.print(VerifyText.render(verified));
        }
        out.flush();
        return results.stream().allMatch(CheckResult::go) ? 0 : 1;
    }

    private List<CheckResult> postgresChecks(Mongo2pgConfig loaded) throws SQLException {
        RelationalModel model = RelationalModel.of(loaded.mapping());
        String schema = loaded.postgres().schema();
        try (Connection connection = Verifier.connect(loaded)) {
            List<ForeignKeyDryRun.Failure> failures = ForeignKeyDryRun.run(connection, schema, model);
            PrintWriter out = spec.commandLine().getOut();
            failures.forEach(f -> out.println("would fail: " + f.statement().replace('\n', ' ') + "\n  " + f.reason()));
            int statements = new DdlGenerator(schema).cutoverStatements(model).size();
            return List.of(CutoverChecks.deadLetters(deadLetters(connection)),
                    CutoverChecks.foreignKeys(failures, statements));
        }
    }

    private static long deadLetters(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM "
                     + qualified(ControlStatements.SCHEMA, ControlStatements.DEAD_LETTERS))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the sink never ran against this database
            }
            throw e;
        }
    }
}
