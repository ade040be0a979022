package io.mongo2pg.cli.verify;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mongo2pg verify}: MongoDB and PostgreSQL compared document by document. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare MongoDB and PostgreSQL collection by collection: counts, then every document (or a",
                "random --sample) reassembled from its rows and compared field by field, ignoring field order;",
                "each difference with its _id and field path; then references whose target is missing.",
                "Exit 0 clean, 1 differences or dangling references, 2 bad config, 3 a database unreachable."})
public final class VerifyCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The mongo2pg config file (mongodb, postgres, mapping).")
    private Path config;

    @Option(names = "--collection", paramLabel = "NAME", description = "Verify only this collection (repeatable).")
    private List<String> collections = List.of();

    @Option(names = "--sample", paramLabel = "N",
            description = "Compare a random sample of N documents per collection instead of all (counts stay exact).")
    private Integer sample;

    @Option(names = "--batch-size", defaultValue = "500", paramLabel = "N",
            description = "Documents looked up per round trip; bounds the memory (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-differences", defaultValue = "50", paramLabel = "N",
            description = "Differences listed per collection (all are counted; default: ${DEFAULT-VALUE}).")
    private int maxListed;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.MONGODB,
                ConfigLoader.Need.POSTGRES));
        VerifySettings settings = new VerifySettings(sample, batchSize, maxListed);
        PrintWriter out = spec.commandLine().getOut();
        VerifyReport report;
        try {
            report = new Verifier(loaded, settings).verify(collections, progressBar(spec.commandLine().getErr()));
        } catch (SQLException | IllegalStateException e) {
            spec.commandLine().getErr().println("mongo2pg: verify failed: " + e.getMessage());
            return 3;
        }
        out.print(VerifyText.render(report));
        out.flush();
        return report.clean() ? 0 : 1;
    }

    private VerifyProgress progressBar(PrintWriter err) {
        if (noProgress) {
            return VerifyProgress.NONE;
        }
        return new VerifyProgress() {
            private ProgressBar bar;

            @Override
            public void start(String task, long total) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" docs", 1)
                        .showSpeed().setUpdateIntervalMillis(250).setConsumer(new DelegatingProgressBarConsumer(line -> {
                            err.print('\r' + line);
                            err.flush();
                        })).build();
            }

            @Override
            public void step(long done) {
                bar.stepTo(done);
            }

            @Override
            public void end() {
                bar.close();
                err.println();
            }
        };
    }
}
