package io.mongo2pg.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldAnswerQueriesThroughTheDataSource() throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select current_user, current_setting('server_version_num')")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(postgres.user());
            assertThat(result.getInt(2)).isBetween(170000, 179999);
        }
    }

    @Test
    void shouldConnectWithTheJdbcUrlAlone() throws SQLException {
        assertThat(postgres.jdbcUrl()).contains(":" + postgres.port() + "/").contains("user=" + postgres.user());
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void shouldKeepDataWhenRestartedOnTheSameDirectory(@TempDir Path dataDir) throws SQLException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir, 0)) {
            execute(first, "create table kept (id int primary key); insert into kept values (42)");
        }
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDir, 0);
             Connection connection = second.dataSource().getConnection();
             ResultSet result = connection.createStatement().executeQuery("select id from kept")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = server.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
