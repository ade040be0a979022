package io.mongo2pg.cli.lag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mongo2pg lag}: how far behind each consumer group is, and how fresh PostgreSQL is per collection. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Show, per consumer group and partition, the committed offset, the end offset and the lag",
                "(the transformer's group and the sink's; for the sink also its true position stored in",
                "PostgreSQL), then per collection the end-to-end freshness from mongo2pg.progress."})
public final class LagCommand implements Callable<Integer> {
    /** ANSI: cursor home, clear screen; re-rendering in place. */
    static final String CLEAR = "\033[H\033[2J";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The mongo2pg config file (kafka, postgres, mapping, topicPrefix, mongodb.database).")
    private Path config;

    @Option(names = "--json", description = "One JSON object per report, for scripts and monitoring.")
    private boolean json;

    @Option(names = "--watch", description = "Refresh every --interval seconds until Ctrl-C (re-rendered in place).")
    private boolean watch;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
            description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    private double intervalSeconds;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N reports.")
    private Integer count;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("--interval " + intervalSeconds + " must be positive, e.g. 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LagCollector collector = new LagCollector(loaded, Clock.systemUTC())) {
            int reports = 0;
            do {
                print(collector.collect(), out);
                reports++;
                if (watch && (count == null || reports < count)) {
                    Thread.sleep((long) (intervalSeconds * 1000));
                }
            } while (watch && (count == null || reports < count));
        }
        return 0;
    }

    private void print(LagReport report, PrintWriter out) throws Exception {
        if (json) {
            out.println(JSON.writeValueAsString(report));
        } else {
            out.print((watch ? CLEAR : "") + LagTable.render(report));
        }
        out.flush();
    }
}
