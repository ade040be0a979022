package io.mongo2pg.cli.run;

import io.mongo2pg.cli.run.config.ConfigLoader;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code mongo2pg transformer}: only the Kafka Streams transformer; instances share the partitions. */
@Command(name = "transformer", mixinStandardHelpOptions = true,
        description = {"Run only the transformer (change events -> RowSets) against kafka.bootstrapServers.",
                "Start several with the same transformer.applicationId: they share the partitions.",
                "Serves /health, /ready and /metrics on http.port."})
public final class TransformerCommand extends ServiceCommand {
    @Override
    Set<Role> roles() {
        return EnumSet.of(Role.TRANSFORMER);
    }

    @Override
    Set<ConfigLoader.Need> needs() {
        return EnumSet.of(ConfigLoader.Need.KAFKA);
    }
}
