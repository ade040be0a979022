package io.mongo2pg.cli;

import picocli.CommandLine;

/** The version from the jar manifest, so it never disagrees with the build. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Mongo2pgCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mongo2pg " + (version == null ? "(development build)" : version)};
    }
}
