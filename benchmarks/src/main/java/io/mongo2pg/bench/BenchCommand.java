package io.mongo2pg.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mongo2pg-bench}: throughput measurements on real servers started in-process. Each subcommand prints
 * rows/s (or events/s) and ratios, and the settings they were measured with.
 */
@Command(name = "mongo2pg-bench", mixinStandardHelpOptions = true,
        description = "Measure mongo2pg's throughput against its physical limits and against other tools.",
        subcommands = {io.mongo2pg.bench.sink.SinkBenchCommand.class,
                io.mongo2pg.bench.transformer.TransformerBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
