package io.mongo2pg.bench.sink;

import io.mongo2pg.mapping.avro.RowSetAvroConverter;
import io.mongo2pg.mapping.avro.RowSetSchemas;
import io.mongo2pg.mapping.avro.SingleObjectRowSetSerializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.row.SourcePosition;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.BsonDocument;

/**
 * Fills a row topic with the RowSets of the benchmark documents before a run starts, exactly as the
 * transformer would write them (canonical Extended JSON, or Avro single-object encoding), so that only the sink
 * is timed.
 */
record RowSetTopicWriter(String bootstrapServers, Normalizer normalizer, SingleObjectRowSetSerializer avro) {
    /** The RowSet encodings the transformer writes that need no schema registry. */
    enum Format {
        JSON, AVRO;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    RowSetTopicWriter(String bootstrapServers, Mapping mapping) {
        this(bootstrapServers, new Normalizer(mapping),
                new SingleObjectRowSetSerializer(new RowSetAvroConverter(RowSetSchemas.of(mapping))));
    }

    /** Writes every document's RowSet to {@code topic} (created with {@code partitions}); returns the row count. */
    long write(String topic, int partitions, List<BsonDocument> documents, Format format) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        long rows = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            long ts = System.currentTimeMillis();
            for (BsonDocument doc : documents) {
                RowSet rowSet = normalizer.upsert("customers", doc, new SourcePosition("customers", ts, 1, false, null));
                rows += rowSet.rows().size();
                byte[] value = format == Format.AVRO ? avro.serialize(topic, rowSet) : RowSetCodec.encode(rowSet);
                producer.send(new ProducerRecord<>(topic, RowSetCodec.encodeKey(rowSet.id()), value));
            }
            producer.flush();
        }
        return rows;
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }
}
