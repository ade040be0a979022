package io.mongo2pg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.e2e.Projects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldPrintHelpForEverySubcommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(Mongo2pgCommand.commandLine(), new ArrayList<>(), paths);

        assertThat(paths).extracting(p -> String.join(" ", p)).contains("demo", "schema", "schema ddl");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            out.getBuffer().setLength(0);
            assertThat(run(args.toArray(String[]::new))).as("exit code of %s", args).isZero();
            assertThat(out.toString()).as("help of %s", args).contains("Usage: mongo2pg " + String.join(" ", path));
        }
    }

    @Test
    void shouldPrintDdlOfTheExampleMapping() {
        int exit = run("schema", "ddl", "--mapping", Projects.root().resolve("examples/sample_analytics.yml").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("CREATE TABLE IF NOT EXISTS \"public\".\"customer_accounts\"")
                .contains("ON DELETE CASCADE");
    }

    @Test
    void shouldReportEveryMappingProblemWithItsYamlPathAndExitTwo(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), "collections:\n  orders:\n    columns:\n      total: {type: money}\n");

        int exit = run("schema", "ddl", "--mapping", bad.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("collections.orders.columns.total.type: unknown type 'money'");
    }

    private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            collect(sub, path, paths);
        });
    }
}
