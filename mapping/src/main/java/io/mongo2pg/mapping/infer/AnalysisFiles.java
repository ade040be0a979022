package io.mongo2pg.mapping.infer;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes everything an analysis produces into one directory, under fixed names the report links to. */
public final class AnalysisFiles {
    /** The names of the files written. */
    public record Names(String mapping, String ddl, String cutover, String report, String mermaid, String svg) {
    }

    public static final Names NAMES = new Names("mapping.yml", "schema.sql", "cutover.sql", "report.md", "er.mmd", "er.svg");

    private AnalysisFiles() {
    }

    /** Writes the mapping, its DDL for {@code schema}, the cutover DDL, the report, the Mermaid source and the SVG. */
    public static List<Path> write(Analysis analysis, String title, String schema, Path dir) {
        RelationalModel model = RelationalModel.of(analysis.mapping());
        DdlGenerator ddl = new DdlGenerator(schema);
        ErDiagram diagram = ErDiagram.of(model);
        String mermaid = MermaidErWriter.write(diagram);
        try {
            Files.createDirectories(dir);
            return List.of(
                    write(dir.resolve(NAMES.mapping()), analysis.yaml()),
                    write(dir.resolve(NAMES.ddl()), sql(ddl.createStatements(model))),
                    write(dir.resolve(NAMES.cutover()), sql(ddl.cutoverStatements(model))),
                    write(dir.resolve(NAMES.mermaid()), mermaid),
                    write(dir.resolve(NAMES.svg()), SvgErWriter.write(diagram)),
                    write(dir.resolve(NAMES.report()), MigrationReportWriter.write(title, analysis, mermaid, NAMES)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the analysis to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String sql(List<String> statements) {
        StringBuilder out = new StringBuilder();
        statements.forEach(s -> out.append(s).append(";\n\n"));
        return out.toString();
    }
}
