package io.mongo2pg.cli.run;

import io.mongo2pg.cli.run.config.ConfigLoader;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code mongo2pg run}: capture, transformer and sink in one process (with the embedded broker by default). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline in one process against a real MongoDB and PostgreSQL: the Debezium",
                "engine, the transformer and the sink, with an embedded Kafka broker persisted under dataDir",
                "(kafka.embedded, the default) or an external cluster (kafka.bootstrapServers).",
                "Serves /health, /ready and /metrics on http.port. Stops cleanly on Ctrl-C or SIGTERM."})
public final class RunCommand extends ServiceCommand {
    @Override
    Set<Role> roles() {
        return EnumSet.allOf(Role.class);
    }

    @Override
    Set<ConfigLoader.Need> needs() {
        return EnumSet.allOf(ConfigLoader.Need.class);
    }
}
