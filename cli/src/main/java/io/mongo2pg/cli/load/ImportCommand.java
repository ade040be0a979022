package io.mongo2pg.cli.load;

import com.zaxxer.hikari.HikariDataSource;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.RetryPolicy;
import io.mongo2pg.sink.jdbc.DataSourceFactory;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mongo2pg import}: loads mongoexport files of one collection into PostgreSQL through the mapping and the
 * sink's own writer: plain COPY while the collection's tables start empty (keys and indexes built at the end), the
 * upsert path otherwise. Exit code 0 when every document loaded, 1 when some were rejected, 2 for a usage error.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load MongoDB export files (NDJSON or a JSON array, canonical or relaxed Extended JSON) of one "
                + "collection into PostgreSQL, normalized through the mapping.")
public final class ImportCommand implements Callable<Integer> {
    static final int REJECTED = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "The mapping YAML file.")
    private Path mappingFile;

    @Option(names = "--postgres", required = true, paramLabel = "JDBC_URL",
            description = "The target database, e.g. jdbc:postgresql://localhost:5432/app?user=me (the password may "
                    + "come from PGPASSWORD).")
    private String jdbcUrl;

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "The mapped collection the files hold.")
    private String collection;

    @Option(names = "--schema", defaultValue = "public", description = "Target PostgreSQL schema (default: ${DEFAULT-VALUE}).")
    private String schema;

    @Option(names = "--batch-size", defaultValue = "5000", paramLabel = "N",
            description = "Documents per transaction (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    private boolean noProgress;

    @Parameters(arity = "1..*", paramLabel = "DATAFILE", description = "The export files, loaded in order.")
    private List<Path> files;

    @Override
    public Integer call() {
        Mapping mapping = MappingLoader.load(mappingFile);
        validate(mapping);
        RelationalModel model = RelationalModel.of(mapping);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RetryPolicy retry = new RetryPolicy(SinkConfig.RetrySettings.DEFAULT.maxAttempts(),
                SinkConfig.RetrySettings.DEFAULT.initialBackoff(), SinkConfig.RetrySettings.DEFAULT.maxBackoff());
        try (HikariDataSource dataSource = DataSourceFactory.create(jdbcUrl, null, System.getenv("PGPASSWORD"), 2, null)) {
            new SchemaInitializer(dataSource, schema, retry).initialize(model);
            RowSetBatchWriter writer = RowSetBatchWriter.builder(dataSource, model).schema(schema).retry(retry)
                    .storeOffsets(false).build();
            Set<String> backfilling = writer.startBackfill();
            out.println(backfilling.contains(collection) ? "The tables of '" + collection + "' are empty: loading with "
                    + "plain COPY, keys and indexes built at the end." : "The tables of '" + collection + "' hold rows: "
                    + "merging (insert or replace per _id).");
            ImportSummary summary = loadAll(writer, mapping, err);
            writer.finishBackfill();
            out.println("Documents read: " + summary.read() + ", loaded: " + summary.loaded() + ", rejected: "
                    + summary.rejected() + (summary.rejected() > 0 ? " (reasons above, and in mongo2pg.dead_letters)" : ""));
            out.flush();
            return summary.rejected() > 0 ? REJECTED : 0;
        }
    }

    private void validate(Mapping mapping) {
        if (mapping.collection(collection).isEmpty()) {
            throw new IllegalArgumentException("Invalid value '" + collection + "' for option '--collection': the mapping "
                    + mappingFile + " has no such collection; use one of " + mapping.collectionNames());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Invalid value '" + batchSize + "' for option '--batch-size': it must be "
                    + "at least 1");
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Invalid value '" + SinkConfig.maskUrl(jdbcUrl) + "' for option "
                    + "'--postgres': it must be a PostgreSQL JDBC URL such as 'jdbc:postgresql://localhost:5432/app'");
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("Cannot read data file " + file + ": it does not exist or is not "
                        + "readable");
            }
        }
    }

    private ImportSummary loadAll(RowSetBatchWriter writer, Mapping mapping, PrintWriter err) {
        DocumentImporter importer = new DocumentImporter(writer, new Normalizer(mapping), collection, batchSize, err);
        ImportSummary total = new ImportSummary(0, 0, 0);
        for (Path file : files) {
            try (ProgressBar bar = progressBar(file, err); InputStream in = Files.newInputStream(file);
                 DocumentFileReader reader = DocumentFileReader.open(file.toString(), in)) {
                total = total.plus(importer.load(reader, read -> bar.stepTo(read)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    /** Counts documents (the total is unknown while streaming); drawn on the error stream, or nowhere. */
    private ProgressBar progressBar(Path file, PrintWriter err) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(file.getFileName().toString())
                .setUnit(" docs", 1).showSpeed().setUpdateIntervalMillis(250);
        if (noProgress) {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        } else {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> {
                err.print('\r' + line);
                err.flush();
            }));
        }
        return builder.build();
    }
}
