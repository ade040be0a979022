package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.ColumnType;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {
    @Test
    void shouldRestoreInt64LostByRelaxedKeyWhenTheMappingSaysBigint() {
        assertThat(DocumentIds.align(new BsonInt32(1004), ColumnType.BIGINT)).isEqualTo(new BsonInt64(1004));
        assertThat(DocumentIds.align(new BsonInt32(1004), ColumnType.INTEGER)).isEqualTo(new BsonInt32(1004));
        assertThat(DocumentIds.align(new BsonString("1004"), ColumnType.BIGINT)).isEqualTo(new BsonString("1004"));
    }

    @Test
    void shouldMatchKeyAndDocumentIdsThatDifferOnlyInIntegerWidth() {
        BsonDocument keyId = BsonDocument.parse("{\"a\": 1, \"b\": [2, \"x\"]}");
        BsonDocument documentId = BsonDocument.parse("{\"a\": {\"$numberLong\": \"1\"}, \"b\": [{\"$numberLong\": \"2\"}, \"x\"]}");

        assertThat(DocumentIds.sameDocument(keyId, documentId)).isTrue();
        assertThat(DocumentIds.sameDocument(new BsonInt32(7), new BsonInt64(7))).isTrue();
    }

    @Test
    void shouldNotMatchDifferentValuesOrTypes() {
        assertThat(DocumentIds.sameDocument(new BsonInt32(7), new BsonInt64(8))).isFalse();
        assertThat(DocumentIds.sameDocument(new BsonInt32(7), new BsonDouble(7.0))).isFalse();
        assertThat(DocumentIds.sameDocument(new BsonString("7"), new BsonInt32(7))).isFalse();
        assertThat(DocumentIds.sameDocument(BsonDocument.parse("{\"a\": 1, \"b\": 2}"),
                BsonDocument.parse("{\"b\": 2, \"a\": 1}"))).as("field order is part of a document _id").isFalse();
    }
}
