package io.mongo2pg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mongo2pg demo --once} as a user runs it: everything in-process, exit 0 only if every change arrived. */
class DemoCommandTest {
    @Test
    void shouldExitZeroAfterEveryLiveChangeLanded() {
        StringWriter out = new StringWriter();
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("demo", "--once");

        assertThat(out.toString()).contains("Initial snapshot landed").contains("Every change arrived.")
                .doesNotContain("MISS").contains("customer_accounts").contains("psql \"postgresql://postgres@localhost:");
        assertThat(exit).as(out.toString()).isZero();
    }
}
