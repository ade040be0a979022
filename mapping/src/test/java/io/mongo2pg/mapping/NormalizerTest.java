package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final Mapping ANALYTICS = SharedData.exampleMapping("sample_analytics");
    private final Normalizer normalizer = new Normalizer(ANALYTICS);

    @Test
    void shouldPlaceEveryAccountWithTypedColumnsAndNothingInExtra() {
        List<BsonDocument> accounts = ExtendedJsonFile.readAll(SharedData.samples("sample_analytics/accounts.json"));

        assertThat(accounts).hasSize(1746);
        for (BsonDocument account : accounts) {
            List<Row> rows = normalizer.normalize("accounts", account);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).values().get("account_id")).isEqualTo(account.get("account_id"));
            assertThat(rows.get(0).values().get("products")).isEqualTo(account.get("products"));
            assertThat(rows.get(0).values().get("_extra")).isEqualTo(BsonNull.VALUE);
        }
    }

    @Test
    void shouldTurnCustomerAccountsIntoOneLinkRowPerElementInOrder() {
        BsonDocument customer = ExtendedJsonFile.readAll(SharedData.samples("sample_analytics/customers.json")).get(0);

        List<Row> rows = normalizer.normalize("customers", customer);

        assertThat(rows.get(0).table()).isEqualTo("customers");
        assertThat(rows.get(0).get("_id")).isEqualTo(new BsonObjectId(new ObjectId("5ca4bbcea2dd94ee58162a68")));
        assertThat(rows.get(0).get("tier_and_details")).isEqualTo(customer.get("tier_and_details"));
        List<Row> links = rows.subList(1, rows.size());
        assertThat(links).extracting(Row::table).containsOnly("customer_accounts");
        assertThat(links).extracting(r -> r.get("account_id").asInt32().getValue())
                .containsExactly(371138, 324287, 276528, 332179, 422649, 387979);
        assertThat(links).extracting(r -> r.get("_ord").asInt32().getValue()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void shouldKeepUnmappedFieldsWithTheirTypesInExtra() {
        BsonDocument account = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbc7a2dd94ee5816238c"}, "account_id": {"$numberInt": "1"},
                 "risk": {"score": {"$numberDecimal": "1.10"}, "checked": {"$date": {"$numberLong": "-1000"}}}}""");

        Row root = normalizer.normalize("accounts", account).get(0);

        assertThat(root.get("_extra")).isEqualTo(new BsonDocument("risk", account.get("risk")));
        assertThat(root.get("limit")).isEqualTo(BsonNull.VALUE);
    }

    @Test
    void shouldMakeOneChildRowPerArrayElementWithLeftoversInTheChildExtra() {
        BsonDocument bucket = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbc1a2dd94ee58161cb1"}, "account_id": 443178, "transaction_count": 2,
                 "transactions": [
                   {"date": {"$date": "2003-09-09T00:00:00Z"}, "amount": 7514, "transaction_code": "buy",
                    "symbol": "adbe", "price": "19.1072802650074180519368383102118968963623046875",
                    "total": "143572.1039112657392422534031", "broker": "x"},
                   {"date": {"$date": "2016-01-11T00:00:00Z"}, "amount": 8, "transaction_code": "sell",
                    "symbol": "nvda", "price": "25.9", "total": "207.2"}]}""");

        List<Row> rows = normalizer.normalize("transactions", bucket);

        assertThat(rows).extracting(Row::table).containsExactly("transactions", "transaction_items", "transaction_items");
        Row first = rows.get(1);
        assertThat(first.get("_root_id")).isEqualTo(bucket.get("_id"));
        assertThat(first.get("_ord")).isEqualTo(new BsonInt32(0));
        assertThat(first.get("symbol")).isEqualTo(new BsonString("adbe"));
        assertThat(first.get("_extra")).isEqualTo(new BsonDocument("broker", new BsonString("x")));
        assertThat(rows.get(2).get("_extra")).isEqualTo(BsonNull.VALUE);
        assertThat(rows.get(0).get("_extra")).isEqualTo(BsonNull.VALUE);
    }

    @Test
    void shouldFlattenNestedSubdocumentsOfEveryTheater() {
        Normalizer mflix = new Normalizer(SharedData.exampleMapping("sample_mflix"));
        List<BsonDocument> theaters = ExtendedJsonFile.readAll(SharedData.samples("sample_mflix/theaters.json"));

        for (BsonDocument theater : theaters) {
            Row root = mflix.normalize("theaters", theater).get(0);
            BsonDocument address = theater.getDocument("location").getDocument("address");
            assertThat(root.get("city")).isEqualTo(address.get("city"));
            assertThat(root.get("location_geo")).isEqualTo(theater.getDocument("location").get("geo"));
        }
    }

    @Test
    void shouldRejectValueOfTheWrongTypeNamingCollectionIdPathAndTypes() {
        BsonDocument account = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbc7a2dd94ee5816238c"}, "account_id": {"$numberLong": "371138"}}""");

        assertThatThrownBy(() -> normalizer.normalize("accounts", account))
                .isInstanceOf(DocumentMappingException.class)
                .hasMessageContaining("accounts")
                .hasMessageContaining("5ca4bbc7a2dd94ee5816238c")
                .hasMessageContaining("'account_id'")
                .hasMessageContaining("expected integer")
                .hasMessageContaining("int64");
    }

    @Test
    void shouldNameTheArrayElementWhoseReferenceHasTheWrongType() {
        BsonDocument customer = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbcea2dd94ee58162a68"}, "accounts": [1, 2, "three"]}""");

        assertThatThrownBy(() -> normalizer.normalize("customers", customer))
                .isInstanceOf(DocumentMappingException.class)
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("accounts.2"));
    }

    @Test
    void shouldRejectNulCharactersWhichPostgresCannotStore() {
        BsonDocument customer = BsonDocument.parse("""
                {"_id": {"$oid": "5ca4bbcea2dd94ee58162a68"}, "notes": {"a": "x\\u0000y"}}""");

        assertThatThrownBy(() -> normalizer.normalize("customers", customer))
                .isInstanceOf(DocumentMappingException.class)
                .hasMessageContaining("notes.a")
                .hasMessageContaining("U+0000");
    }
}
