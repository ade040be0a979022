package io.mongo2pg.connectors.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoCaptureConfigTest {

    private static final Path OFFSETS = Path.of("/var/lib/mongo2pg/offsets");

    private static MongoCaptureConfig shop(String... collections) {
        return MongoCaptureConfig.of("mongodb://app:s3cret@db1:27017/?replicaSet=rs0", "m2p", "shop",
                List.of(collections), OFFSETS);
    }

    @Test
    void shouldRenderOneEngineWithDebeziumDefaultsMadeExplicit() {
        List<CaptureEngineSpec> specs = shop("orders", "customers").engineSpecs();

        assertThat(specs).hasSize(1);
        CaptureEngineSpec spec = specs.get(0);
        assertThat(spec.engineName()).isEqualTo("m2p");
        assertThat(spec.offsetsFile()).isEqualTo(OFFSETS.resolve("m2p.offsets"));
        assertThat(spec.properties())
                .containsEntry("connector.class", "io.debezium.connector.mongodb.MongoDbConnector")
                .containsEntry("topic.prefix", "m2p")
                .containsEntry("capture.mode", "change_streams_update_full")
                .containsEntry("snapshot.mode", "initial")
                .containsEntry("tombstones.on.delete", "true")
                .containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("key.converter.schemas.enable", "false")
                .containsEntry("value.converter.schemas.enable", "false")
                .containsEntry("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore")
                .containsEntry("offset.storage.file.filename", OFFSETS.resolve("m2p.offsets").toString())
                .containsEntry("collection.include.list", "shop\\.orders,shop\\.customers")
                .doesNotContainKeys("capture.scope", "capture.target");
    }

    @Test
    void shouldRenderOneEnginePerCollectionForCollectionScope() {
        MongoCaptureConfig config = shop("orders", "customers")
                .withOverrides(Map.of("capture.scope", "collection", "filters.match.mode", "literal"))
                .withCollectionOverrides((db, c) -> Map.of("cursor.pipeline", "[{\"$match\": {\"ns.coll\": \"" + c + "\"}}]"));

        List<CaptureEngineSpec> specs = config.engineSpecs();

        assertThat(config.captureScope()).isEqualTo(CaptureScope.COLLECTION);
        assertThat(specs).extracting(CaptureEngineSpec::engineName).containsExactly("m2p.shop.orders", "m2p.shop.customers");
        assertThat(specs).extracting(CaptureEngineSpec::offsetsFile).doesNotHaveDuplicates();
        assertThat(specs.get(1).properties())
                .containsEntry("capture.target", "shop.customers")
                .containsEntry("collection.include.list", "shop.customers")
                .containsEntry("custom.metric.tags", "engine=m2p.shop.customers")
                .containsEntry("cursor.pipeline", "[{\"$match\": {\"ns.coll\": \"customers\"}}]");
    }

    @Test
    void shouldEscapeRegexCharactersOfNamesInRegexMode() {
        assertThat(shop("a.b+c").engineSpecs().get(0).properties())
                .containsEntry("collection.include.list", "shop\\.a\\.b\\+c");
    }

    @Test
    void shouldReportEveryProblemAgainstItsOwnSetting() {
        assertThatThrownBy(() -> new MongoCaptureConfig("localhost:27017", "bad prefix", "sh.op", List.of("a", "a"),
                null, Map.of("topic.prefix", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mongodb.connection.string")
                .hasMessageContaining("Invalid value bad prefix for configuration topic.prefix")
                .hasMessageContaining("Invalid value sh.op for configuration database")
                .hasMessageContaining("Invalid value a for configuration collections: listed twice")
                .hasMessageContaining("offsetsDirectory")
                .hasMessageContaining("Invalid value x for configuration topic.prefix in overrides");
    }

    @Test
    void shouldRejectPerCollectionSettingsWithoutCollectionScope() {
        assertThatThrownBy(() -> shop("orders").withCollectionOverrides((db, c) -> Map.of("field.exclude.list", "x")))
                .hasMessageContaining("collectionOverrides")
                .hasMessageContaining("capture.scope=collection");
    }

    @Test
    void shouldRejectACaptureTargetThatIsNotTheCollection() {
        assertThatThrownBy(() -> shop("orders").withOverrides(Map.of("capture.scope", "collection",
                "capture.target", "shop.customers")))
                .hasMessageContaining("Invalid value shop.customers for configuration capture.target of collection orders");
    }

    @Test
    void shouldListAllowedScopesForAnUnknownScope() {
        assertThatThrownBy(() -> shop("orders").withOverrides(Map.of("capture.scope", "cluster")))
                .hasMessageContaining("Invalid value cluster for configuration capture.scope")
                .hasMessageContaining("deployment, database, collection");
    }

    @Test
    void shouldMaskThePasswordWhenPrinted() {
        assertThat(shop("orders").toString()).contains("app:****@db1").doesNotContain("s3cret");
    }
}
