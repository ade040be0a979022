package io.mongo2pg.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mongo2pg verify} on the Mongo-compatible source and a real PostgreSQL loaded through the sink's writer:
 * the real sample_analytics data comes back clean, every column type reads back into its BSON value, and corrupted,
 * missing and extra rows are reported with their {@code _id} and field path.
 */
class VerifyCommandTest {
    private static final String DB = "analytics";
    private static final Path SAMPLES = Path.of(System.getProperty("mongo2pg.root", ".."))
            .resolve("../shared/data/mongodb-samples/sample_analytics").toAbsolutePath().normalize();

    private static EmbeddedMongoSource mongo;
    private static EmbeddedPostgresServer postgres;
    private static List<BsonDocument> accounts;
    private static List<BsonDocument> customers;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongoSource.start();
        postgres = EmbeddedPostgresServer.start();
        accounts = ExtendedJsonFile.readAll(SAMPLES.resolve("accounts.json"));
        customers = ExtendedJsonFile.readAll(SAMPLES.resolve("customers.json"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void shouldFindRealDataCleanThenReportEachCorruptionWithIdAndFieldPath() throws Exception {
        Path mapping = Path.of(System.getProperty("mongo2pg.root", "..")).resolve("examples/sample_analytics.yml");
        Path config = ConfigFiles.write(dir, "analytics", Files.readString(mapping), mongo.connectionString(), DB,
                postgres.jdbcUrl(), postgres.user(), "public", null, "va");
        DocumentLoader loader = new DocumentLoader(mongo.client(), DB, postgres.dataSource(), "public",
                MappingLoader.load(mapping));
        loader.load("accounts", accounts);
        loader.load("customers", customers);

        Result clean = run("verify", "--no-progress", "--config", config.toString());
        assertThat(clean.out()).contains("accounts      1746     1746      1746      0            OK",
                "customers     500      500       500       0            OK",
                "reference customer_accounts.account_id -> accounts.account_id: OK", "verify: clean");
        assertThat(clean.exit()).isZero();

        BsonDocument customer = customers.get(7);
        BsonDocument gone = customers.get(8);
        String customerId = customer.getObjectId("_id").getValue().toHexString();
        execute("UPDATE public.customers SET name = 'tampered' WHERE _id = '" + customerId + "'");
        execute("UPDATE public.customer_accounts SET account_id = account_id + 1 WHERE _root_id = '" + customerId
                + "' AND _ord = 0");
        execute("DELETE FROM public.customers WHERE _id = '" + gone.getObjectId("_id").getValue().toHexString() + "'");
        execute("INSERT INTO public.accounts (_id, account_id) VALUES ('0123456789abcdef01234567', 1)");
        int referenced = customer.getArray("accounts").get(1).asInt32().getValue();
        int tampered = customer.getArray("accounts").get(0).asInt32().getValue();
        execute("DELETE FROM public.accounts WHERE account_id = " + referenced);

        Result dirty = run("verify", "--no-progress", "--config", config.toString());
        assertThat(dirty.exit()).isEqualTo(1);
        String id = "{\"$oid\": \"" + customerId + "\"}";
        assertThat(dirty.out()).contains(
                "customers _id " + id + " at name: MongoDB \"" + customer.getString("name").getValue()
                        + "\", PostgreSQL \"tampered\"",
                "customers _id " + id + " at accounts.0: MongoDB {\"$numberInt\": \""
                        + customer.getArray("accounts").get(0).asInt32().getValue() + "\"}",
                "customers _id {\"$oid\": \"" + gone.getObjectId("_id").getValue().toHexString()
                        + "\"}: in MongoDB, missing in PostgreSQL",
                "accounts _id {\"$oid\": \"0123456789abcdef01234567\"}: in PostgreSQL, not in MongoDB",
                "customers: MongoDB has 500 documents, PostgreSQL 499",
                "dangling: customer_accounts.account_id = " + referenced + " (document _id " + customerId
                        + ") not found in accounts.account_id",
                "dangling: customer_accounts.account_id = " + (tampered + 1) + " (document _id " + customerId + ")",
                "verify: 5 difference(s), " + (referencing(referenced) + (isAccount(tampered + 1) ? 0 : 1))
                        + " dangling reference(s)");

        Result sampled = sampleOfAccounts(config);
        assertThat(sampled.out()).as(sampled.err()).contains("25 (sample)").doesNotContain("customers ");
    }

    @Test
    void shouldReadEveryColumnTypeBackIntoItsBsonValue() throws Exception {
        String mappingYaml = """
                collections:
                  kinds:
                    id: {type: text}
                    columns:
                      d: {type: double}
                      n: {type: numeric}
                      big: {type: bigint}
                      flag: {type: boolean}
                      at: {type: timestamptz}
                      blob: {type: bytea}  # the fake keeps binary subtypes 0, 3 and 4 only
                      u: {type: uuid}
                      ref: {type: objectid}
                      meta: {type: jsonb}
                      ints: {type: "integer[]"}
                      doubles: {type: "double[]"}
                      longs: {type: "bigint[]"}
                    children:
                      lines:
                        columns: {qty: {type: integer}, sku: {type: text}}
                """;
        Path config = ConfigFiles.write(dir, "kinds", mappingYaml, mongo.connectionString(), "kindsdb",
                postgres.jdbcUrl(), postgres.user(), "kinds", null, "vk");
        DocumentLoader loader = new DocumentLoader(mongo.client(), "kindsdb", postgres.dataSource(), "kinds",
                MappingLoader.load(dir.resolve("kinds-mapping.yml")));
        loader.load("kinds", List.of(kind("a", Double.NaN, "1.10"), kind("b", Double.NEGATIVE_INFINITY, "NaN"),
                kind("c", -0.0, "-12345678901234567890.1234")));

        Result result = run("verify", "--no-progress", "--config", config.toString());
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("kinds       3        3         3         0            OK", "verify: clean");

        execute("UPDATE kinds.kinds_lines SET qty = 99 WHERE _root_id = 'b' AND _ord = 1");
        execute("UPDATE kinds.kinds SET at = at + interval '1 millisecond' WHERE _id = 'c'");
        Result dirty = run("verify", "--no-progress", "--config", config.toString());
        assertThat(dirty.out()).contains("kinds _id \"b\" at lines.1.qty: MongoDB {\"$numberInt\": \"2\"}, "
                        + "PostgreSQL {\"$numberInt\": \"99\"}",
                "kinds _id \"c\" at at: MongoDB {\"$date\": {\"$numberLong\": \"-2208988800000\"}}, "
                        + "PostgreSQL {\"$date\": {\"$numberLong\": \"-2208988799999\"}}");
    }

    private static BsonDocument kind(String id, double d, String decimal) {
        UUID uuid = UUID.nameUUIDFromBytes(id.getBytes());
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return new BsonDocument("_id", new BsonString(id))
                .append("d", new BsonDouble(d))
                .append("n", new BsonDecimal128(Decimal128.parse(decimal)))
                .append("big", new BsonInt64(Long.MIN_VALUE + id.charAt(0)))
                .append("flag", BsonBoolean.valueOf(id.equals("a")))
                .append("at", new BsonDateTime(-2_208_988_800_000L))
                .append("blob", new BsonBinary((byte) 0, new byte[] {1, 2, (byte) 0xff}))
                .append("u", new BsonBinary(BsonBinarySubType.UUID_STANDARD, bytes.array()))
                .append("ref", new BsonObjectId(new ObjectId("65f000000000000000000001")))
                .append("meta", new BsonDocument("when", new BsonDateTime(5)).append("n", new BsonInt64(7)))
                .append("ints", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE, new BsonInt32(-3))))
                .append("doubles", new BsonArray(List.of(new BsonDouble(Double.POSITIVE_INFINITY), new BsonDouble(0.5))))
                .append("longs", new BsonArray(List.of(new BsonInt64(1L << 40))))
                .append("lines", new BsonArray(List.of(line(1, "x"), line(2, "y"))))
                .append("other", new BsonString("kept in _extra"));
    }

    private static BsonValue line(int qty, String sku) {
        return new BsonDocument("qty", new BsonInt32(qty)).append("sku", new BsonString(sku));
    }

    /** How many link rows hold {@code accountId}, counted from the data (the one tampered with excluded). */
    private static long referencing(int accountId) {
        return customers.stream().filter(c -> c != customers.get(8))
                .flatMap(c -> c.getArray("accounts").stream())
                .filter(v -> v.asInt32().getValue() == accountId).count();
    }

    private static boolean isAccount(int accountId) {
        return accounts.stream().anyMatch(a -> a.getInt32("account_id").getValue() == accountId);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    /**
     * {@code verify --sample} reads MongoDB's {@code $sample}. The in-process Mongo-compatible server implements it by
     * sorting with a random comparator, which Java's sort sometimes rejects ("Comparison method violates its general
     * contract!"); real MongoDB has no such failure. Only that error of the fake is retried, a few times.
     */
    private static Result sampleOfAccounts(Path config) {
        Result result = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            result = run("verify", "--no-progress", "--sample", "25", "--collection", "accounts", "--config",
                    config.toString());
            if (!result.err().contains("Comparison method violates its general contract")) {
                return result;
            }
        }
        return result;
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
