package io.mongo2pg.cli;

import io.mongo2pg.mapping.model.MappingException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Prints errors a user can fix (a bad mapping, a missing file) as one clear message instead of a stack
 * trace; anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof MappingException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("mongo2pg: " + e.getMessage());
            return 2;
        }
        throw new IllegalStateException(e);
    }
}
