package io.mongo2pg.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.BsonArray;
import org.postgresql.PGConnection;
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

/** Every column type through a real PostgreSQL: encode as COPY text, COPY it in, read back as PostgreSQL shows it. */
class ValueEncoderTest {
    private static PostgresFixture pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void shouldRoundTripText() throws SQLException {
        assertThat(roundTrip(ColumnType.TEXT, new BsonString("Grüße, 日本, \"quoted\" 'x' \\ \n emoji \uD83D\uDE00")))
                .isEqualTo("Grüße, 日本, \"quoted\" 'x' \\ \n emoji \uD83D\uDE00");
        // The characters COPY text gives a meaning: field and row separators, escapes, the NULL marker.
        String copyMeta = "a\tb\nc\rd\\N\\e \\. \\\\ \b\f";
        assertThat(roundTrip(ColumnType.TEXT, new BsonString(copyMeta))).isEqualTo(copyMeta);
        assertThat(roundTrip(ColumnType.TEXT, new BsonString("\\N"))).isEqualTo("\\N");
        assertThat(roundTrip(ColumnType.TEXT, new BsonString(""))).isEmpty();
    }

    @Test
    void shouldStoreObjectIdAsHex() throws SQLException {
        assertThat(roundTrip(ColumnType.OBJECTID, new BsonObjectId(new ObjectId("5ca4bbcea2dd94ee58162a68"))))
                .isEqualTo("5ca4bbcea2dd94ee58162a68");
    }

    @Test
    void shouldRoundTripIntegersAtTheirLimits() throws SQLException {
        assertThat(roundTrip(ColumnType.INTEGER, new BsonInt32(Integer.MIN_VALUE))).isEqualTo("-2147483648");
        assertThat(roundTrip(ColumnType.INTEGER, new BsonInt32(Integer.MAX_VALUE))).isEqualTo("2147483647");
        assertThat(roundTrip(ColumnType.BIGINT, new BsonInt64(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(roundTrip(ColumnType.BIGINT, new BsonInt64(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
    }

    @Test
    void shouldKeepDoubleSpecialValues() throws SQLException {
        assertThat(roundTrip(ColumnType.DOUBLE, new BsonDouble(0.1))).isEqualTo("0.1");
        assertThat(roundTrip(ColumnType.DOUBLE, new BsonDouble(Double.NaN))).isEqualTo("NaN");
        assertThat(roundTrip(ColumnType.DOUBLE, new BsonDouble(Double.POSITIVE_INFINITY))).isEqualTo("Infinity");
        assertThat(roundTrip(ColumnType.DOUBLE, new BsonDouble(Double.NEGATIVE_INFINITY))).isEqualTo("-Infinity");
        assertThat(roundTrip(ColumnType.DOUBLE, new BsonDouble(Double.MIN_VALUE))).isEqualTo("5e-324");
    }

    @Test
    void shouldKeepDecimal128ScaleAndSpecialValues() throws SQLException {
        assertThat(roundTrip(ColumnType.NUMERIC, decimal("1.10"))).isEqualTo("1.10");
        assertThat(roundTrip(ColumnType.NUMERIC, decimal("-0.000000000000000000000000000000001")))
                .isEqualTo("-0.000000000000000000000000000000001");
        assertThat(roundTrip(ColumnType.NUMERIC, decimal("9999999999999999999999999999999999")))
                .isEqualTo("9999999999999999999999999999999999");
        assertThat(roundTrip(ColumnType.NUMERIC, decimal("1E+20"))).isEqualTo("100000000000000000000");
        assertThat(roundTrip(ColumnType.NUMERIC, new BsonDecimal128(Decimal128.NaN))).isEqualTo("NaN");
        assertThat(roundTrip(ColumnType.NUMERIC, new BsonDecimal128(Decimal128.POSITIVE_INFINITY))).isEqualTo("Infinity");
        assertThat(roundTrip(ColumnType.NUMERIC, new BsonDecimal128(Decimal128.NEGATIVE_INFINITY))).isEqualTo("-Infinity");
        assertThat(roundTrip(ColumnType.NUMERIC, new BsonDecimal128(Decimal128.NEGATIVE_ZERO))).isEqualTo("0");
    }

    /**
     * The binary numeric (base-10,000 digits around the point, weight, display scale) against PostgreSQL's own
     * reading of the decimal's text, over edge cases and generated decimals of every digit count and exponent.
     */
    @Test
    void shouldWriteNumericAsPostgresReadsItsText() throws SQLException {
        List<String> decimals = new ArrayList<>(List.of("0", "0.000", "-0.00", "0E+10", "1", "-1", "9999", "10000",
                "10001", "0.0001", "0.00001", "1E-8", "1.5E-3", "1E+3", "1E+4", "1.23E+5", "12345678.87654321",
                "-99999999.99990000", "100000000", "0.10000", "1234.5678", "-0.0000000000000000000000000000000001"));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            int digits = 1 + random.nextInt(34);
            StringBuilder coefficient = new StringBuilder(random.nextBoolean() ? "-" : "");
            for (int d = 0; d < digits; d++) {
                coefficient.append(random.nextInt(10));
            }
            decimals.add(coefficient + "E" + (random.nextInt(80) - 50));
        }
        try (Connection c = pg.dataSource().getConnection(); var select = c.prepareStatement("SELECT ?::numeric::text")) {
            for (String text : decimals) {
                Decimal128 decimal = Decimal128.parse(text);
                select.setString(1, decimal.toString());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(roundTrip(ColumnType.NUMERIC, new BsonDecimal128(decimal))).as(text).isEqualTo(rs.getString(1));
                }
            }
        }
    }

    @Test
    void shouldRoundTripBoolean() throws SQLException {
        assertThat(roundTrip(ColumnType.BOOLEAN, BsonBoolean.TRUE)).isEqualTo("true");
        assertThat(roundTrip(ColumnType.BOOLEAN, BsonBoolean.FALSE)).isEqualTo("false");
    }

    @Test
    void shouldKeepDatesBefore1970AndFarInTheFuture() throws SQLException {
        for (long millis : List.of(0L, -1L, -2_208_988_800_001L, -62_135_596_800_000L, 226_117_231_000L,
                253_402_300_799_999L, 6_249_223_894_000_000L, ValueEncoder.MIN_TIMESTAMPTZ_MILLIS,
                ValueEncoder.END_TIMESTAMPTZ_MILLIS - 1)) {
            assertThat(roundTrip(ColumnType.TIMESTAMPTZ, new BsonDateTime(millis), "(extract(epoch FROM v) * 1000)::bigint::text"))
                    .as("epoch millis %d", millis).isEqualTo(Long.toString(millis));
        }
        assertThat(roundTrip(ColumnType.TIMESTAMPTZ, new BsonDateTime(-1L), "to_char(v AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"))
                .isEqualTo("1969-12-31 23:59:59.999");
    }

    @Test
    void shouldRefuseDatesOutsidePostgresRange() {
        assertThatThrownBy(() -> roundTrip(ColumnType.TIMESTAMPTZ, new BsonDateTime(Long.MAX_VALUE)))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("t.v").hasMessageContaining("range")
                .extracting(e -> ((ValueEncodingException) e).sqlState()).isEqualTo("22008");
        assertThatThrownBy(() -> roundTrip(ColumnType.TIMESTAMPTZ, new BsonDateTime(ValueEncoder.MIN_TIMESTAMPTZ_MILLIS - 1)))
                .isInstanceOf(ValueEncodingException.class);
    }

    @Test
    void shouldRoundTripBinaryAndUuid() throws SQLException {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 0, 127};
        assertThat(roundTrip(ColumnType.BYTEA, new BsonBinary(bytes))).isEqualTo("\\x000102ff007f");
        UUID uuid = UUID.fromString("0df078f3-3aa7-4a2e-9696-e0520c1a828a");
        assertThat(roundTrip(ColumnType.UUID, new BsonBinary(uuid))).isEqualTo(uuid.toString());
    }

    @Test
    void shouldStoreAnyValueAsCanonicalExtendedJsonInJsonb() throws SQLException {
        BsonDocument document = new BsonDocument("price", decimal("1.10"))
                .append("count", new BsonInt64(1L << 60))
                .append("when", new BsonDateTime(-86_400_000L))
                .append("nan", new BsonDouble(Double.NaN))
                .append("id", new BsonObjectId(new ObjectId("5ca4bbcea2dd94ee58162a68")))
                .append("nested", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE, new BsonString("x"))));

        String stored = roundTrip(ColumnType.JSONB, document);

        assertThat(ExtendedJson.parseValue(stored)).isEqualTo(document);
        assertThat(stored).contains("{\"$numberDecimal\": \"1.10\"}");
        assertThat(roundTrip(ColumnType.JSONB, new BsonString("just text"))).isEqualTo("\"just text\"");
        assertThat(roundTrip(ColumnType.JSONB, new BsonInt32(5))).isEqualTo("{\"$numberInt\": \"5\"}");
    }

    @Test
    void shouldRoundTripArraysWithNullElements() throws SQLException {
        assertThat(roundTrip(ColumnType.TEXT_ARRAY, new BsonArray(List.of(new BsonString("a,b"), BsonNull.VALUE,
                new BsonString("\"q\""), new BsonString("NULL"))))).isEqualTo("{\"a,b\",NULL,\"\\\"q\\\"\",\"NULL\"}");
        assertThat(roundTrip(ColumnType.TEXT_ARRAY, new BsonArray())).isEqualTo("{}");
        assertThat(roundTrip(ColumnType.TEXT_ARRAY, new BsonArray(List.of(new BsonString("tab\there"),
                new BsonString("back\\slash"), new BsonString("{}"), new BsonString("")))))
                .isEqualTo("{\"tab\there\",\"back\\\\slash\",\"{}\",\"\"}");
        assertThat(roundTrip(ColumnType.INTEGER_ARRAY, new BsonArray(List.of(new BsonInt32(-1), BsonNull.VALUE))))
                .isEqualTo("{-1,NULL}");
        assertThat(roundTrip(ColumnType.BIGINT_ARRAY, new BsonArray(List.of(new BsonInt64(Long.MAX_VALUE)))))
                .isEqualTo("{9223372036854775807}");
        assertThat(roundTrip(ColumnType.DOUBLE_ARRAY, new BsonArray(List.of(new BsonDouble(1.5),
                new BsonDouble(Double.NaN), new BsonDouble(Double.NEGATIVE_INFINITY))))).isEqualTo("{1.5,NaN,-Infinity}");
    }

    @Test
    void shouldStoreNullAndMissingAsSqlNull() throws SQLException {
        for (ColumnType type : ColumnType.values()) {
            assertThat(roundTrip(type, BsonNull.VALUE)).as(type.name()).isNull();
            assertThat(roundTrip(type, null)).as(type.name()).isNull();
        }
    }

    @Test
    void shouldRefuseValueOfAnotherTypeNamingTableColumnAndValue() {
        assertThatThrownBy(() -> roundTrip(ColumnType.INTEGER, new BsonInt64(5)))
                .isInstanceOf(ValueEncodingException.class)
                .hasMessageContaining("t.v").hasMessageContaining("BSON int64 {\"$numberLong\": \"5\"}")
                .hasMessageContaining("expected integer");
        assertThatThrownBy(() -> roundTrip(ColumnType.UUID, new BsonBinary(new byte[16])))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("subtype 4");
        assertThatThrownBy(() -> roundTrip(ColumnType.BYTEA, new BsonBinary(UUID.randomUUID())))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("other than 4");
        assertThatThrownBy(() -> roundTrip(ColumnType.UUID, new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[3])))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> roundTrip(ColumnType.INTEGER_ARRAY, new BsonArray(List.of(new BsonString("1")))))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("expected integer[]");
    }

    @Test
    void shouldRefuseNulCharacterInText() {
        assertThatThrownBy(() -> roundTrip(ColumnType.TEXT, new BsonString("a\0b")))
                .isInstanceOf(ValueEncodingException.class).hasMessageContaining("U+0000")
                .hasMessageContaining("a\\u0000b")
                .extracting(e -> ((ValueEncodingException) e).sqlState()).isEqualTo("22021");
    }

    private static BsonDecimal128 decimal(String value) {
        return new BsonDecimal128(Decimal128.parse(value));
    }

    private static String roundTrip(ColumnType type, BsonValue value) throws SQLException {
        return roundTrip(type, value, "v::text");
    }

    /** Inserts the encoded value into a one-column table of {@code type} and reads {@code expression} back. */
    private static String roundTrip(ColumnType type, BsonValue value, String expression) throws SQLException {
        // A new connection each time: the temporary table goes with the transaction's rollback.
        try (Connection c = pg.dataSource().getConnection()) {
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE t (v " + type.sqlType() + ") ON COMMIT DROP");
            }
            CopyBinaryBuffer row = new CopyBinaryBuffer(64).raw(CopyLoader.HEADER, 0, CopyLoader.HEADER.length).row(1);
            ValueEncoder.write(row, "t", ColumnDef.nullable("v", type), value);
            row.raw(CopyLoader.TRAILER, 0, CopyLoader.TRAILER.length);
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY t (v) FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(row.toByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + expression + " FROM t")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
