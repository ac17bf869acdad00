package uk.ilrledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    private static final String NAME_PATTERN = "ilr_test_\\d{14}_[a-z0-9]{6}";

    @Test
    void givesOneFreshDatabasePerJvmThatAcceptsDdlAndDml() throws SQLException {
        TestDatabase database = TestPostgres.database();

        assertThat(TestPostgres.database()).isSameAs(database);
        assertFreshAndWritable(database);
        if (database.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:5432/")) {
            assertThat(currentDatabase(database)).matches(NAME_PATTERN);
        }
    }

    @Test
    void explicitUrlGetsItsOwnFreshDatabaseOnThatServer() throws SQLException {
        // Whatever server database() chose stands in for one named by ILR_LEDGER_TEST_JDBC_URL.
        TestDatabase local = TestPostgres.database();
        String serverUrl = TestPostgres.withDatabase(local.jdbcUrl(), "postgres");
        TestDatabase explicit = TestPostgres.fromExplicitUrl(serverUrl, local.username(), local.password());

        assertThat(explicit.jdbcUrl()).isNotEqualTo(local.jdbcUrl());
        assertThat(currentDatabase(explicit)).matches(NAME_PATTERN).isNotEqualTo(currentDatabase(local));
        assertFreshAndWritable(explicit);
    }

    @Test
    void embeddedFallbackGivesAWorkingDatabase() throws Exception {
        TestDatabase embedded = TestPostgres.fromEmbedded();

        assertThat(currentDatabase(embedded)).matches(NAME_PATTERN);
        assertFreshAndWritable(embedded);
    }

    @Test
    void derivesUrlsNamingAnotherDatabase() {
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://db.example:6543/app?ssl=true&user=u", "x1"))
                .isEqualTo("jdbc:postgresql://db.example:6543/x1?ssl=true&user=u");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://h1:5432,h2:5433/app", "x1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/x1");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://h1/", "x1")).isEqualTo("jdbc:postgresql://h1/x1");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql:app", "x1")).isEqualTo("jdbc:postgresql:x1");
        assertThat(TestPostgres.withDatabase("jdbc:mysql://h1/app", "x1")).isNull();
    }

    @Test
    void databaseNamesFollowTheAgreedShape() {
        assertThat(TestPostgres.newDatabaseName()).matches(NAME_PATTERN);
        assertThat(TestPostgres.newDatabaseName()).isNotEqualTo(TestPostgres.newDatabaseName());
    }

    private static void assertFreshAndWritable(TestDatabase database) throws SQLException {
        try (Connection connection = connect(database);
             Statement statement = connection.createStatement()) {
            try (ResultSet tables = statement.executeQuery(
                    "select count(*) from information_schema.tables where table_schema = 'public'")) {
                tables.next();
                assertThat(tables.getInt(1)).as("tables in a fresh database").isZero();
            }
            statement.execute("create table fixture_probe (id int primary key, label text not null)");
            statement.executeUpdate("insert into fixture_probe values (1, 'one'), (2, 'two')");
            try (ResultSet rows = statement.executeQuery("select label from fixture_probe where id = 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("two");
            }
        }
    }

    private static String currentDatabase(TestDatabase database) throws SQLException {
        try (Connection connection = connect(database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select current_database()")) {
            result.next();
            return result.getString(1);
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
