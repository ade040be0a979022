package io.mongo2pg.cli.replay;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mongo2pg replay}: move the transformer's and/or the sink's position, or rebuild into a fresh schema. */
@Command(name = "replay", mixinStandardHelpOptions = true, subcommands = ReplaySwapCommand.class,
        description = {"Replay the compacted topics. With --sink and/or --transformer: move the stopped group to the",
                "beginning, an offset or a time (the sink's position in mongo2pg.offsets too); the services",
                "re-apply from there when started. With --into-schema NEW: rebuild every table into schema NEW from",
                "the row topics while the live sink keeps running; then 'replay swap' makes NEW current.",
                "Exit 0 done, 1 refused (a group still has members), 2 bad arguments, 3 Kafka or PostgreSQL failed."})
public final class ReplayCommand implements Callable<Integer> {
    // Not required here, so that 'replay swap --config FILE' needs it only after 'swap'.
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The mongo2pg config file (required).")
    private Path config;

    @Option(names = "--sink", description = "Move the sink (stop every sink first).")
    private boolean sink;

    @Option(names = "--transformer", description = "Move the transformer (stop every transformer first).")
    private boolean transformer;

    @ArgGroup(exclusive = true)
    private Target target;

    @Option(names = "--collection", paramLabel = "NAME", description = "Only these collections' topics (repeatable).")
    private List<String> collections = List.of();

    @Option(names = "--into-schema", paramLabel = "SCHEMA",
            description = "Rebuild every mapped table into this new schema from the row topics, beside the live sink.")
    private String intoSchema;

    @Spec
    private CommandSpec spec;

    static final class Target {
        @Option(names = "--to-earliest", required = true, description = "The beginning of every partition.")
        boolean earliest;

        @Option(names = "--to-offset", required = true, paramLabel = "N", description = "Offset N of every partition.")
        Long offset;

        @Option(names = "--to-datetime", required = true, paramLabel = "ISO-8601",
                description = "The first record at or after this time, e.g. 2025-05-01T12:00:00Z.")
        String datetime;

        ReplayTarget resolve() {
            return earliest ? ReplayTarget.earliest() : offset != null ? ReplayTarget.offset(offset)
                    : ReplayTarget.datetime(datetime);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (config == null) {
            throw new IllegalArgumentException("replay needs the config file: --config mongo2pg.yml");
        }
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
        ReplayContext context = new ReplayContext(loaded);
        List<String> selected = context.collections(collections);
        checkArguments(context);
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = context.admin()) {
            if (intoSchema != null) {
                new SchemaRebuildRun(context, new KafkaGroups(admin), out).run(intoSchema, config);
                return 0;
            }
            KafkaGroups groups = new KafkaGroups(admin);
            if (sink) {
                groups.requireInactive(loaded.sink().groupId(), "sink", "stop every 'mongo2pg sink' and 'mongo2pg run'");
            }
            if (transformer) {
                groups.requireInactive(loaded.transformer().applicationId(), "transformer",
                        "stop every 'mongo2pg transformer' and 'mongo2pg run'");
            }
            GroupReset reset = new GroupReset(context, groups, out);
            if (transformer) {
                reset.transformer(selected, target.resolve());
            }
            if (sink) {
                reset.sink(selected, target.resolve());
            }
            out.println("Start the stopped services again: they re-apply from these positions.");
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("mongo2pg: " + e.getMessage());
            return 1;
        } catch (ExecutionException | TimeoutException | SQLException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("mongo2pg: replay failed: " + cause.getMessage() + ". Check kafka.* "
                    + "and postgres.* in " + config + "; nothing is half-moved that a second run would not fix.");
            return 3;
        }
    }

    private void checkArguments(ReplayContext context) {
        if (intoSchema != null) {
            if (sink || transformer || target != null || !collections.isEmpty()) {
                throw new IllegalArgumentException("--into-schema rebuilds every collection from the row topics' "
                        + "beginning; leave out --sink, --transformer, --to-* and --collection");
            }
            context.checkRebuildSchema(intoSchema);
            return;
        }
        if (!sink && !transformer) {
            throw new IllegalArgumentException("say what to replay: --sink, --transformer or both (or --into-schema NEW)");
        }
        if (target == null) {
            throw new IllegalArgumentException("say where to: --to-earliest, --to-offset N or --to-datetime ISO-8601");
        }
    }
}
