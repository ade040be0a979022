package io.mongo2pg.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.avro.RowSetAvroConverter;
import io.mongo2pg.mapping.avro.RowSetSchemas;
import io.mongo2pg.mapping.avro.SingleObjectRowSetSerializer;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final SinkConfig CONFIG = SinkTestSupport.config("jdbc:postgresql://localhost/x",
            SinkTestSupport.sampleAnalyticsMapping());
    private final RecordDecoder decoder = new RecordDecoder(CONFIG, SinkTestSupport.sampleAnalyticsMapping());

    @Test
    void shouldDecodeRowSet() {
        BsonDocument customer = SinkTestSupport.sampleAnalytics("customers").get(0);
        RowSet rowSet = new Normalizer(SinkTestSupport.sampleAnalyticsMapping()).upsert("customers", customer,
                new SourcePosition("customers", 1, 0, true, null));

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.customers", 2, 7,
                RowSetCodec.encodeKey(rowSet.id()), RowSetCodec.encode(rowSet)));

        assertThat(record).isEqualTo(SinkRecord.change("m2p.rows.customers", 2, 7, rowSet));
    }

    @Test
    void shouldDecodeRowSetInAvroSingleObjectEncoding() {
        BsonDocument customer = SinkTestSupport.sampleAnalytics("customers").get(1);
        RowSet rowSet = new Normalizer(SinkTestSupport.sampleAnalyticsMapping()).upsert("customers", customer,
                new SourcePosition("customers", 1, 0, false, null));
        byte[] avro = new SingleObjectRowSetSerializer(new RowSetAvroConverter(
                RowSetSchemas.of(SinkTestSupport.sampleAnalyticsMapping()))).serialize("m2p.rows.customers", rowSet);

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.customers", 0, 4,
                RowSetCodec.encodeKey(rowSet.id()), avro));

        assertThat(avro[0]).isEqualTo((byte) 0xC3);
        assertThat(record).isEqualTo(SinkRecord.change("m2p.rows.customers", 0, 4, rowSet));
    }

    @Test
    void shouldDeadLetterRegistryAvroWhenNoRegistryIsConfigured() {
        byte[] confluent = {0, 0, 0, 0, 42, 2, 4};

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.accounts", 1, 5, null, confluent));

        assertThat(record).isInstanceOfSatisfying(SinkRecord.Rejected.class, r -> {
            assertThat(r.deadLetter().reason()).contains("cannot be decoded").contains("Confluent wire format")
                    .contains("registry");
            assertThat(r.deadLetter().payload()).isEqualTo(Base64.getEncoder().encodeToString(confluent));
        });
    }

    @Test
    void shouldRejectUndecodableValueKeepingPayloadAndKey() {
        byte[] key = RowSetCodec.encodeKey(new org.bson.BsonString("k1"));

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.accounts", 0, 3, key,
                "{\"not\": \"a rowset\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(record).isInstanceOfSatisfying(SinkRecord.Rejected.class, r -> {
            assertThat(r.deadLetter().position().offset()).isEqualTo(3);
            assertThat(r.deadLetter().collection()).isEqualTo("accounts");
            assertThat(r.deadLetter().documentId()).isEqualTo("\"k1\"");
            assertThat(r.deadLetter().reason()).contains("cannot be decoded");
            assertThat(r.deadLetter().payload()).isEqualTo("{\"not\": \"a rowset\"}");
        });
    }

    @Test
    void shouldKeepBinaryPayloadAsBase64() {
        byte[] value = {(byte) 0xff, 0, 1};

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.accounts", 0, 0, new byte[] {(byte) 0xfe}, value));

        assertThat(record).isInstanceOfSatisfying(SinkRecord.Rejected.class, r -> {
            assertThat(r.deadLetter().payload()).isEqualTo(Base64.getEncoder().encodeToString(value));
            assertThat(r.deadLetter().reason()).contains("base64");
            assertThat(r.deadLetter().documentId()).isEqualTo("/g==");
        });
    }

    @Test
    void shouldRejectRowSetOnTheWrongTopic() {
        RowSet rowSet = RowSet.delete("customers", new org.bson.BsonString("x"), null);

        SinkRecord record = decoder.decode(new ConsumerRecord<>("m2p.rows.accounts", 0, 0, null, RowSetCodec.encode(rowSet)));

        assertThat(record).isInstanceOfSatisfying(SinkRecord.Rejected.class, r -> assertThat(r.deadLetter().reason())
                .contains("collection 'customers'").contains("m2p.rows.accounts"));
    }

    @Test
    void shouldTreatMissingValueAsTombstone() {
        assertThat(decoder.decode(new ConsumerRecord<>("m2p.rows.accounts", 1, 9, new byte[0], null)))
                .isInstanceOf(SinkRecord.Tombstone.class);
    }
}
