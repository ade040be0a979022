package io.mongo2pg.cli.load;

import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.batch.RecordPosition;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.bson.BsonValue;

/**
 * Loads the documents of one file into one collection's tables through the sink's writer: normalizes each through
 * the mapping, applies them in batches (the backfill COPY path while the writer backfills, the upsert path
 * otherwise), and reports every rejected document with its file, line and reason. A rejected document goes to
 * {@code mongo2pg.dead_letters} in its batch's transaction (topic = the file, kafka_offset = the line).
 */
final class DocumentImporter {
    private final RowSetBatchWriter writer;
    private final Normalizer normalizer;
    private final String collection;
    private final int batchSize;
    private final PrintWriter err;

    DocumentImporter(RowSetBatchWriter writer, Normalizer normalizer, String collection, int batchSize, PrintWriter err) {
        this.writer = writer;
        this.normalizer = normalizer;
        this.collection = collection;
        this.batchSize = batchSize;
        this.err = err;
    }

    /**
     * Reads {@code reader} to its end.
     *
     * @param progress told the number of documents read so far, after each batch
     */
    ImportSummary load(DocumentFileReader reader, LongConsumer progress) {
        ImportSummary total = new ImportSummary(0, 0, 0);
        List<SinkRecord> batch = new ArrayList<>(batchSize);
        SourceDocument document;
        while ((document = reader.nextUnchecked()) != null) {
            batch.add(record(document));
            if (batch.size() >= batchSize) {
                total = total.plus(apply(batch));
                progress.accept(total.read());
                batch.clear();
            }
        }
        total = total.plus(apply(batch));
        progress.accept(total.read());
        return total;
    }

    private SinkRecord record(SourceDocument document) {
        RecordPosition position = new RecordPosition(document.file(), 0, document.line());
        if (!document.isReadable()) {
            return rejected(position, null, document.error(), document.text());
        }
        BsonValue id = document.document().get("_id");
        try {
            return new SinkRecord.Change(position, normalizer.upsert(collection, document.document(), null));
        } catch (DocumentMappingException e) {
            return rejected(position, id == null ? null : ExtendedJson.canonical(id), e.getMessage(), document.text());
        } catch (RuntimeException e) {
            return rejected(position, id == null ? null : ExtendedJson.canonical(id),
                    "the mapping cannot normalize it: " + e.getMessage(), document.text());
        }
    }

    private SinkRecord rejected(RecordPosition position, String id, String reason, String text) {
        return new SinkRecord.Rejected(new DeadLetter(position, collection, id, reason, null, text));
    }

    private ImportSummary apply(List<SinkRecord> batch) {
        if (batch.isEmpty()) {
            return new ImportSummary(0, 0, 0);
        }
        BatchResult result = writer.write(batch);
        for (DeadLetter dead : result.deadLetters()) {
            err.println(dead.position().topic() + ":" + dead.position().offset() + ": rejected"
                    + (dead.documentId() == null ? "" : " _id " + dead.documentId()) + ": " + dead.reason());
        }
        err.flush();
        int rejected = result.deadLetters().size();
        return new ImportSummary(batch.size(), batch.size() - rejected, rejected);
    }
}
