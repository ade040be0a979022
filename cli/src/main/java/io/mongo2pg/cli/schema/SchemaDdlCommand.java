package io.mongo2pg.cli.schema;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the DDL of a mapping: what the sink creates at start, or the cross-collection keys for cutover. */
@Command(name = "ddl", mixinStandardHelpOptions = true,
        description = "Print the PostgreSQL DDL for a mapping file.")
public final class SchemaDdlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "The mapping YAML file.")
    private Path mappingFile;

    @Option(names = "--schema", defaultValue = "public", description = "Target PostgreSQL schema (default: ${DEFAULT-VALUE}).")
    private String schema;

    @Option(names = "--cutover", description = "Print the cross-collection foreign keys created at cutover instead.")
    private boolean cutover;

    @Override
    public Integer call() {
        RelationalModel model = RelationalModel.of(MappingLoader.load(mappingFile));
        DdlGenerator generator = new DdlGenerator(schema);
        var statements = cutover ? generator.cutoverStatements(model) : generator.createStatements(model);
        PrintWriter out = spec.commandLine().getOut();
        statements.forEach(s -> out.println(s + ";\n"));
        out.flush();
        return 0;
    }
}
