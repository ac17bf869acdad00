package uk.ilrledger.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A new, empty database on the test run's PostgreSQL server, named like the run's own so the next
 * runs clear it away. A Spring context with its own processors needs one: contexts cached by other
 * test classes run the same processors on the shared database and would hold their tokens.
 */
public final class OwnDatabase {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OwnDatabase() {
    }

    public static TestDatabase create(String purpose) {
        TestDatabase shared = TestPostgres.database();
        String name = "ilr_test_" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + "_" + purpose + Integer.toString(RANDOM.nextInt(1 << 20), 36);
        try (Connection admin = DriverManager.getConnection(shared.jdbcUrl(), shared.username(), shared.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " next to " + shared.jdbcUrl(), e);
        }
        String url = shared.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new TestDatabase(url, shared.username(), shared.password());
    }
}
