package io.mongo2pg.cli.replay;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.verify.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mongo2pg replay swap}: makes a rebuilt schema current in one transaction. It locks the live sink's offset
 * rows (the sink locks them first in every batch, so it pauses), applies to the rebuild whatever the live sink applied
 * since the rebuild stopped, renames the live schema away and the rebuild into its place, and commits: the live sink
 * resumes, by name, into the rebuilt tables, from exactly its own position.
 */
@Command(name = "swap", mixinStandardHelpOptions = true,
        description = {"Make a schema rebuilt by 'replay --into-schema' current: catch it up to the live sink under",
                "a lock that pauses the sink, then rename the live schema to --retire-as and the rebuild into its",
                "place, in one transaction. The live sink keeps running."})
public final class ReplaySwapCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mongo2pg config file.")
    private Path config;

    @Option(names = "--schema", required = true, paramLabel = "SCHEMA", description = "The rebuilt schema.")
    private String schema;

    @Option(names = "--retire-as", paramLabel = "SCHEMA",
            description = "The live schema's new name (default: <live schema>_old); it must not exist.")
    private String retireAs;

    @Option(names = "--lock-timeout-seconds", defaultValue = "30", paramLabel = "S",
            description = "How long to wait for the live sink's current batch (default: ${DEFAULT-VALUE}).")
    private int lockTimeoutSeconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES));
        ReplayContext context = new ReplayContext(loaded);
        context.checkRebuildSchema(schema);
        String live = loaded.postgres().schema();
        String retired = retireAs == null ? live + "_old" : retireAs;
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = context.admin(); Connection connection = Verifier.connect(loaded)) {
            List<TopicPartition> partitions = new KafkaGroups(admin).partitions(
                    context.rowTopics(context.collections(List.of())), new ArrayList<>());
            connection.setAutoCommit(false);
            checkSchemas(connection, live, retired);
            connection.commit();
            // The rebuild (tables checked, pool opened) is made ready before the lock: its set-up takes the schema
            // lock that a paused live sink holds shared.
            try (SchemaRebuild rebuild = context.rebuild(schema)) {
                long caughtUp = swapLocked(connection, rebuild, partitions, live, retired);
                out.println("swapped: schema '" + schema + "' is now '" + live + "' (" + caughtUp + " records caught "
                        + "up under the lock); the former '" + live + "' is '" + retired + "'. Drop it when no longer "
                        + "needed: DROP SCHEMA " + quote(retired) + " CASCADE");
            }
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("mongo2pg: " + e.getMessage());
            return 1;
        } catch (ExecutionException | TimeoutException | SQLException e) {
            spec.commandLine().getErr().println("mongo2pg: swap failed, nothing changed: " + e.getMessage()
                    + ". Check kafka.* and postgres.* in " + config + " (a lock timeout means the live sink held its "
                    + "batch longer than --lock-timeout-seconds) and run it again.");
            return 3;
        }
    }

    /** In one transaction: pause the live sink, catch the rebuild up to it, rename both schemas, commit. */
    private long swapLocked(Connection connection, SchemaRebuild rebuild, List<TopicPartition> partitions, String live,
                            String retired) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            ps.setString(1, lockTimeoutSeconds + "s");
            ps.execute();
        }
        Map<TopicPartition, Long> livePosition = StoredOffsets.lockSinkOffsets(connection, live, partitions);
        long caughtUp = rebuild.applyUntil(livePosition);
        swap(connection, live, retired);
        connection.commit();
        return caughtUp;
    }

    private void checkSchemas(Connection connection, String live, String retired) throws SQLException {
        StoredOffsets.createRebuildTable(connection);
        if (StoredOffsets.rebuildOffsets(connection, schema).isEmpty()) {
            throw new IllegalStateException("Schema '" + schema + "' is no rebuild: run 'mongo2pg replay --config "
                    + config + " --into-schema " + schema + "' first");
        }
        if (exists(connection, retired)) {
            throw new IllegalStateException("Schema '" + retired + "' exists already; drop it or pass --retire-as with "
                    + "a free name");
        }
        if (!exists(connection, live)) {
            throw new IllegalStateException("The live schema '" + live + "' (postgres.schema) does not exist");
        }
    }

    private void swap(Connection connection, String live, String retired) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA " + quote(live) + " RENAME TO " + quote(retired));
            statement.execute("ALTER SCHEMA " + quote(schema) + " RENAME TO " + quote(live));
        }
        StoredOffsets.deleteRebuildOffsets(connection, schema);
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
