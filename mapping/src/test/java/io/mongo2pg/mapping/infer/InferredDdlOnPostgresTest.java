package io.mongo2pg.mapping.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DDL of each inferred mapping, and its cutover foreign keys, apply to a real PostgreSQL. */
class InferredDdlOnPostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample_analytics", "sample_mflix", "sample_airbnb"})
    void shouldCreateEveryTableOfTheInferredMapping(String dataset) throws Exception {
        RelationalModel model = RelationalModel.of(InferredMappingRoundTripTest.infer(
                InferredMappingRoundTripTest.dataset(dataset)).mapping());
        DdlGenerator ddl = new DdlGenerator(dataset);

        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String sql : ddl.createStatements(model)) {
                st.execute(sql);
            }
            for (String sql : ddl.cutoverStatements(model)) {
                st.execute(sql);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + dataset + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(model.allTables().size());
            }
        }
    }
}
