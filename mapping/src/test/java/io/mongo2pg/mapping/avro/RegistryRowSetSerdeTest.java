package io.mongo2pg.mapping.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RowSets in Confluent wire format through the Apicurio serde against a real Apicurio Registry, with the
 * registry's BACKWARD compatibility rule on the rows topic's artifact: a mapping that gains a column registers a
 * second schema version under the rule, and RowSets of both versions stay readable. (That a retyped column is an
 * incompatible change is shown with Avro's own checker in RowSetAvroTest; Apicurio 3.0.9 was seen to accept it.)
 */
class RegistryRowSetSerdeTest {
    private static final String TOPIC = "mongo2pg.rows.accounts";
    private static final SourcePosition SOURCE = new SourcePosition("accounts", 1_700_000_000_000L, 1, false, null);
    private static final BsonDocument ACCOUNT = BsonDocument.parse("{_id: {$oid: '5ca4bbc7a2dd94ee5816238c'}, "
            + "account_id: 371138, limit: 9000, products: ['Derivatives', 'InvestmentStock']}");
    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioRegistryProcess.start();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    @Test
    void shouldWriteConfluentWireFormatAndEvolveTheSchemaWhenAColumnIsAdded() throws Exception {
        Mapping v1 = RowSetAvroTest.mapping("account_id: {type: integer}");
        Mapping v2 = RowSetAvroTest.mapping("account_id: {type: integer}\n      limit: {type: integer}");

        byte[] first = serialize(v1, ACCOUNT);
        requireBackwardCompatibility(TOPIC + "-value");
        byte[] second = serialize(v2, ACCOUNT);

        assertThat(first[0]).as("Confluent magic byte").isZero();
        assertThat(schemaId(second)).as("a new schema version").isNotEqualTo(schemaId(first));
        try (RowSetDeserializer reader = new RowSetDeserializer(v2, registry.coreApi())) {
            RowSet old = reader.deserialize(TOPIC, first);
            RowSet current = reader.deserialize(TOPIC, second);
            assertThat(old.rows().get(0).values().containsKey("limit")).isFalse();
            assertThat(current.rows().get(0).values().getInt32("limit").getValue()).isEqualTo(9000);
            assertThat(current.source()).isEqualTo(SOURCE);
            assertThat(current.id()).isEqualTo(ACCOUNT.get("_id"));
        }
        HttpResponse<String> versions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.coreApi() + "/groups/default/artifacts/" + TOPIC + "-value/versions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(versions.body()).contains("\"count\":2");
    }

    private static byte[] serialize(Mapping mapping, BsonDocument document) {
        RowSet rowSet = new Normalizer(mapping).upsert("accounts", document, SOURCE);
        try (RegistryRowSetSerializer serializer = new RegistryRowSetSerializer(
                new RowSetAvroConverter(RowSetSchemas.of(mapping)), registry.coreApi())) {
            return serializer.serialize(TOPIC, rowSet);
        }
    }

    private static void requireBackwardCompatibility(String artifactId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        registry.coreApi() + "/groups/default/artifacts/" + artifactId + "/rules"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ruleType\": \"COMPATIBILITY\", \"config\": \"BACKWARD\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static int schemaId(byte[] confluentWireFormat) {
        return ByteBuffer.wrap(confluentWireFormat, 1, 4).getInt();
    }
}
