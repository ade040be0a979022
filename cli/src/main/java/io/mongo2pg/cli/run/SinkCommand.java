package io.mongo2pg.cli.run;

import io.mongo2pg.cli.run.config.ConfigLoader;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code mongo2pg sink}: only the PostgreSQL sink; instances share the partitions. */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {"Run only the sink (RowSets -> PostgreSQL) against kafka.bootstrapServers and postgres.*.",
                "Start several with the same sink.groupId: they share the partitions, exactly once.",
                "Serves /health, /ready and /metrics on http.port."})
public final class SinkCommand extends ServiceCommand {
    @Override
    Set<Role> roles() {
        return EnumSet.of(Role.SINK);
    }

    @Override
    Set<ConfigLoader.Need> needs() {
        return EnumSet.of(ConfigLoader.Need.KAFKA, ConfigLoader.Need.POSTGRES);
    }
}
