package io.mongo2pg.cli.schema;

import picocli.CommandLine.Command;

/** Groups what is done with the PostgreSQL schema a mapping produces. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Work with the PostgreSQL schema of a mapping.",
        subcommands = {SchemaDdlCommand.class, SchemaApplyCommand.class, SchemaDiffCommand.class})
public final class SchemaCommand {
}
