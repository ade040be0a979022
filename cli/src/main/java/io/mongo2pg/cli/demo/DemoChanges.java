package io.mongo2pg.cli.demo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;

/** The live changes of the demo: one of each kind an application makes. */
final class DemoChanges {
    private static final ObjectId CUSTOMER = new ObjectId("65f0000000000000000000d1");
    private static final ObjectId BUCKET = new ObjectId("65f0000000000000000000d2");
    private static final String CUSTOMER_HEX = CUSTOMER.toHexString();

    private DemoChanges() {
    }

    static List<DemoChange> all() {
        return List.of(
                new DemoChange("insert customer 'demo_user' holding accounts 371138 and 557378",
                        db -> customers(db).insertOne(new BsonDocument("_id", new BsonObjectId(CUSTOMER))
                                .append("username", new BsonString("demo_user")).append("name", new BsonString("Demo User"))
                                .append("accounts", ints(371138, 557378))
                                .append("referral", new BsonDocument("code", new BsonString("DEMO")))),
                        "SELECT count(*) FROM customer_accounts WHERE _root_id = '" + CUSTOMER_HEX + "'", 2),
                new DemoChange("raise the limit of account 371138 to 12345",
                        db -> accounts(db).updateOne(Filters.eq("account_id", 371138), Updates.set("limit", 12345)),
                        "SELECT count(*) FROM accounts WHERE account_id = 371138 AND \"limit\" = 12345", 1),
                new DemoChange("$push account 443178 onto demo_user's accounts",
                        db -> customers(db).updateOne(Filters.eq("_id", CUSTOMER), Updates.push("accounts", 443178)),
                        "SELECT count(*) FROM customer_accounts WHERE _root_id = '" + CUSTOMER_HEX + "'", 3),
                new DemoChange("$pull account 371138 from demo_user's accounts",
                        db -> customers(db).updateOne(Filters.eq("_id", CUSTOMER), Updates.pull("accounts", 371138)),
                        "SELECT count(*) FROM customer_accounts WHERE _root_id = '" + CUSTOMER_HEX
                                + "' AND account_id IN (557378, 443178)", 2),
                new DemoChange("insert a transactions bucket with 3 transactions (child table)",
                        db -> db.getCollection("transactions", BsonDocument.class).insertOne(bucket()),
                        "SELECT count(*) FROM transaction_items WHERE _root_id = '" + BUCKET.toHexString() + "'", 3),
                new DemoChange("replace demo_user with a document without accounts",
                        db -> customers(db).replaceOne(Filters.eq("_id", CUSTOMER), new BsonDocument("_id",
                                new BsonObjectId(CUSTOMER)).append("username", new BsonString("demo_user_v2"))),
                        "SELECT count(*) FROM customers c WHERE c._id = '" + CUSTOMER_HEX + "' AND c.username = "
                                + "'demo_user_v2' AND NOT EXISTS (SELECT 1 FROM customer_accounts a WHERE a._root_id = c._id)", 1),
                new DemoChange("delete the transactions bucket (its child rows go by cascade)",
                        db -> db.getCollection("transactions", BsonDocument.class).deleteOne(Filters.eq("_id", BUCKET)),
                        "SELECT count(*) FROM transaction_items WHERE _root_id = '" + BUCKET.toHexString() + "'", 0));
    }

    private static BsonDocument bucket() {
        BsonArray items = new BsonArray();
        String[] symbols = {"adbe", "nvda", "msft"};
        for (int i = 0; i < symbols.length; i++) {
            items.add(new BsonDocument("date", new BsonDateTime(1_262_304_000_000L + i * 86_400_000L))
                    .append("amount", new BsonInt32(10 * (i + 1))).append("transaction_code", new BsonString("buy"))
                    .append("symbol", new BsonString(symbols[i])).append("price", new BsonString("42.5"))
                    .append("total", new BsonString(String.valueOf(425 * (i + 1)))));
        }
        return new BsonDocument("_id", new BsonObjectId(BUCKET)).append("account_id", new BsonInt32(443178))
                .append("transaction_count", new BsonInt32(symbols.length)).append("transactions", items);
    }

    private static BsonArray ints(int... values) {
        BsonArray array = new BsonArray();
        for (int v : values) {
            array.add(new BsonInt32(v));
        }
        return array;
    }

    private static MongoCollection<BsonDocument> customers(MongoDatabase db) {
        return db.getCollection("customers", BsonDocument.class);
    }

    private static MongoCollection<BsonDocument> accounts(MongoDatabase db) {
        return db.getCollection("accounts", BsonDocument.class);
    }
}
