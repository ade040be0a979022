package io.mongo2pg.cli;

import io.mongo2pg.cli.analyze.AnalyzeCommand;
import io.mongo2pg.cli.connector.ConnectorCommand;
import io.mongo2pg.cli.cutover.CutoverCommand;
import io.mongo2pg.cli.demo.DemoCommand;
import io.mongo2pg.cli.lag.LagCommand;
import io.mongo2pg.cli.load.ImportCommand;
import io.mongo2pg.cli.replay.ReplayCommand;
import io.mongo2pg.cli.run.RunCommand;
import io.mongo2pg.cli.run.SinkCommand;
import io.mongo2pg.cli.run.TransformerCommand;
import io.mongo2pg.cli.schema.SchemaCommand;
import io.mongo2pg.cli.snapshot.SnapshotCommand;
import io.mongo2pg.cli.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mongo2pg} command: one subcommand per thing a user does. */
@Command(name = "mongo2pg", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps a normalized PostgreSQL copy of a live MongoDB in sync (Debezium -> Kafka -> PostgreSQL).",
        subcommands = {DemoCommand.class, AnalyzeCommand.class, SchemaCommand.class, ConnectorCommand.class,
                RunCommand.class, TransformerCommand.class, SinkCommand.class, LagCommand.class, ImportCommand.class,
                VerifyCommand.class, CutoverCommand.class, ReplayCommand.class, SnapshotCommand.class,
                CommandLine.HelpCommand.class})
public final class Mongo2pgCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Mongo2pgCommand()).setExecutionExceptionHandler(new UserErrorHandler());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
