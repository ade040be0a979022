package io.mongo2pg.transformer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.avro.RowSetDeserializer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.transformer.DebeziumRecords;
import io.mongo2pg.transformer.TestData;
import io.mongo2pg.transformer.event.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** row.format=avro (the default) without a registry: the rows topic carries single-object Avro that reads back as the JSON would. */
class AvroRowsTopologyTest {
    /** The default. */
    private static final TransformerConfig AVRO = TransformerConfig.of("localhost:9092", "avro-test", "mongo2pg",
            "sample_analytics");
    private static final TransformerConfig JSON = AVRO.withRowFormat(RowFormat.JSON, null);
    private static final DebeziumRecords CUSTOMERS = new DebeziumRecords("mongo2pg", "sample_analytics", "customers");

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteSingleObjectAvroThatReadsBackAsTheSameRowSets() {
        List<byte[]> avro = run(AVRO, "avro");
        List<byte[]> json = run(JSON, "json");

        assertThat(avro).hasSize(3).allSatisfy(v -> assertThat(v[0]).isEqualTo((byte) 0xC3));
        try (RowSetDeserializer reader = new RowSetDeserializer(TestData.sampleAnalyticsMapping(), null)) {
            List<RowSet> fromAvro = avro.stream().map(v -> reader.deserialize("t", v)).toList();
            assertThat(fromAvro).isEqualTo(json.stream().map(RowSetCodec::decode).toList());
        }
    }

    private List<byte[]> run(TransformerConfig config, String name) {
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.build(config,
                TestData.sampleAnalyticsMapping(), new io.mongo2pg.transformer.metrics.TransformerMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                RowSetSerializers.forConfig(config, TestData.sampleAnalyticsMapping())), props)) {
            var input = driver.createInputTopic(config.changeTopic("customers"), new ByteArraySerializer(),
                    new ByteArraySerializer());
            for (int i = 0; i < 2; i++) {
                BsonDocument customer = TestData.sampleAnalytics("customers", 20 + i);
                input.pipeInput(bytes(DebeziumRecords.key(customer.get("_id"))),
                        bytes(CUSTOMERS.value(Operation.READ, customer, 1000 + i, 1)));
            }
            BsonDocument gone = TestData.sampleAnalytics("customers", 20);
            input.pipeInput(bytes(DebeziumRecords.key(gone.get("_id"))),
                    bytes(CUSTOMERS.value(Operation.DELETE, null, 2000, 1)));
            return driver.createOutputTopic(config.rowsTopic("customers"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
