package io.mongo2pg.cli.analyze;

import io.mongo2pg.mapping.infer.Analysis;
import io.mongo2pg.mapping.infer.AnalysisFiles;
import io.mongo2pg.mapping.infer.SchemaProfiler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Studies the documents of a database (or of mongoexport files) and proposes the relational schema: a mapping to
 * review, its DDL, and a migration report with an ER diagram and a table of the decisions.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Sample documents and propose a mapping (YAML with the figures behind each decision as comments),",
                "its DDL, and a migration report with an ER diagram (Mermaid and SVG).",
                "Either --mongo URI, or mongoexport FILEs (one collection per file, named after the file)."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "mongoexport files (NDJSON or --jsonArray).")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--mongo", paramLabel = "URI", description = "MongoDB connection string, e.g. mongodb://host:27017")
    private String mongoUri;

    @Option(names = "--db", paramLabel = "NAME", description = "The database (default: the one in the URI).")
    private String database;

    @Option(names = "--sample", paramLabel = "N", description = "Documents per collection: $sample of N from MongoDB "
            + "(default 10000), the first N of a file (default: all); 0 reads everything.")
    private Integer sample;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "analysis",
            description = "Where to write mapping.yml, schema.sql, cutover.sql, report.md, er.mmd, er.svg (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--schema", defaultValue = "public", description = "PostgreSQL schema of the DDL (default: ${DEFAULT-VALUE}).")
    private String schema;

    @Override
    public Integer call() {
        if ((mongoUri == null) == files.isEmpty()) {
            throw new IllegalArgumentException("Give either --mongo URI or mongoexport FILEs to analyze (not both)");
        }
        if (sample != null && sample < 0) {
            throw new IllegalArgumentException("Invalid value " + sample + " for --sample: expected 0 (everything) or more");
        }
        SchemaProfiler profiler = new SchemaProfiler();
        String title = mongoUri != null ? fromMongo(profiler) : fromFiles(profiler);
        Analysis analysis = profiler.infer();
        List<Path> written = AnalysisFiles.write(analysis, title, schema, out);
        PrintWriter stdout = spec.commandLine().getOut();
        for (Analysis.CollectionSummary c : analysis.collections()) {
            stdout.printf("%-24s %8d documents read%n", c.collection(), c.documents());
        }
        stdout.printf("%d decisions; wrote %s%n", analysis.decisions().size(),
                String.join(", ", written.stream().map(Path::toString).toList()));
        stdout.flush();
        return 0;
    }

    private String fromMongo(SchemaProfiler profiler) {
        String db = MongoSampler.database(mongoUri, database);
        int size = sample == null ? 10_000 : sample;
        MongoSampler.sample(mongoUri, db, size, profiler);
        return "database " + db + (size > 0 ? " ($sample of " + size + " per collection)" : "");
    }

    private String fromFiles(SchemaProfiler profiler) {
        long limit = sample == null ? 0 : sample;
        for (Path file : files) {
            String collection = ExportFileReader.collectionOf(file);
            ExportFileReader.read(file, limit, d -> profiler.observe(collection, d));
        }
        return String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
    }
}
