package io.mongo2pg.sink.kafka;

import io.mongo2pg.mapping.avro.RowSetAvroConverter;
import io.mongo2pg.mapping.avro.RowSetSchemas;
import io.mongo2pg.mapping.avro.SingleObjectRowSetSerializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * A long change stream built from the real sample_analytics documents: a snapshot of every account and customer,
 * then changes that exercise every part of the apply: arrays that shrink (to empty too), updates, deletes, and
 * deletes followed by re-inserts, many of them close enough to share a batch. Keyed by {@code _id}, as the
 * transformer writes it; the values alternate between Avro single-object encoding (the transformer's default, read
 * by the sink's fast path) and Extended JSON (its generic path), so both are under test.
 */
final class ChangeStream {
    private final Mapping mapping = SinkTestSupport.sampleAnalyticsMapping();
    private final Normalizer normalizer = new Normalizer(mapping);
    private final String prefix;
    private final SingleObjectRowSetSerializer avro =
            new SingleObjectRowSetSerializer(new RowSetAvroConverter(RowSetSchemas.of(mapping)));
    private long ts = 1_000;

    ChangeStream(String prefix) {
        this.prefix = prefix;
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        List<BsonDocument> accounts = SinkTestSupport.sampleAnalytics("accounts");
        List<BsonDocument> customers = SinkTestSupport.sampleAnalytics("customers");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        accounts.forEach(a -> records.add(upsert("accounts", a, true)));
        customers.forEach(c -> records.add(upsert("customers", c, true)));
        for (int i = 0; i < 400; i++) {
            BsonDocument account = accounts.get(i * 3).clone();
            account.put("limit", new BsonInt32(i));
            account.put("products", new BsonArray(account.getArray("products").subList(0, i % 2)));
            records.add(upsert("accounts", account, false));
        }
        for (int i = 0; i < 200; i++) {
            BsonDocument customer = customers.get(i).clone();
            customer.put("accounts", new BsonArray(customer.getArray("accounts").subList(0, i % 3 == 0 ? 0 : 1)));
            customer.put("name", new BsonString("changed " + i));
            records.add(upsert("customers", customer, false));
            if (i % 4 == 0) {
                records.add(delete("customers", customers.get(i + 250)));
            }
            if (i % 8 == 0) {
                records.add(delete("accounts", accounts.get(i)));
                records.add(upsert("accounts", accounts.get(i), false));
            }
        }
        return records;
    }

    private ProducerRecord<byte[], byte[]> upsert(String collection, BsonDocument document, boolean snapshot) {
        return record(normalizer.upsert(collection, document, new SourcePosition(collection, ts++, 0, snapshot, null)));
    }

    private ProducerRecord<byte[], byte[]> delete(String collection, BsonDocument document) {
        return record(RowSet.delete(collection, document.get("_id"), new SourcePosition(collection, ts++, 0, false, null)));
    }

    private ProducerRecord<byte[], byte[]> record(RowSet rowSet) {
        String topic = SinkConfig.rowsTopic(prefix, rowSet.collection());
        byte[] value = ts % 2 == 0 ? avro.serialize(topic, rowSet) : RowSetCodec.encode(rowSet);
        return new ProducerRecord<>(topic, RowSetCodec.encodeKey(rowSet.id()), value);
    }
}
