package io.mongo2pg.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.row.RowSet;
import java.util.List;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class RowSetDeduplicatorTest {
    @Test
    void shouldKeepLastChangePerDocumentInOrderOfLastOccurrence() {
        SinkRecord.Change a1 = change(0, "c", new BsonString("a"));
        SinkRecord.Change b1 = change(1, "c", new BsonString("b"));
        SinkRecord.Change a2 = change(2, "c", new BsonString("a"));
        SinkRecord.Change c1 = change(3, "c", new BsonString("c"));

        RowSetDeduplicator.Deduplicated result = RowSetDeduplicator.lastPerDocument(List.of(a1, b1, a2, c1));

        assertThat(result.changes()).containsExactly(b1, a2, c1);
        assertThat(result.superseded()).isEqualTo(1);
    }

    @Test
    void shouldTellDocumentsApartByCollectionAndIdType() {
        SinkRecord.Change int32 = change(0, "c", new BsonInt32(1));
        SinkRecord.Change int64 = change(1, "c", new BsonInt64(1));
        SinkRecord.Change other = change(2, "d", new BsonInt32(1));

        assertThat(RowSetDeduplicator.lastPerDocument(List.of(int32, int64, other)).changes())
                .containsExactly(int32, int64, other);
    }

    private static SinkRecord.Change change(long offset, String collection, BsonValue id) {
        return new SinkRecord.Change(new RecordPosition("t", 0, offset), RowSet.delete(collection, id, null));
    }
}
