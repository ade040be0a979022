package io.mongo2pg.cli.cutover;

import picocli.CommandLine.Command;

/** {@code mongo2pg cutover check|finalize}. */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = {"Before the application switches to PostgreSQL: 'check' says go or no-go, 'finalize' creates",
                "and validates the foreign keys between collections."},
        subcommands = {CutoverCheckCommand.class, CutoverFinalizeCommand.class})
public final class CutoverCommand {
}
