package uk.ilrledger.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One PostgreSQL database per JVM for integration tests.
 *
 * <p>Sources, in order: an explicit JDBC URL ({@value #URL_ENV}), the server on
 * 127.0.0.1:5432, a Testcontainers container, zonky's embedded server. Every source yields a
 * database named {@code ilr_test_<yyyyMMddHHmmss>_<random6>} unless the explicit server refuses
 * {@code CREATE DATABASE}, in which case its URL is used unchanged.
 */
public final class TestPostgres {

    public static final String URL_ENV = "ILR_LEDGER_TEST_JDBC_URL";
    public static final String USER_ENV = "ILR_LEDGER_TEST_DB_USER";
    public static final String PASSWORD_ENV = "ILR_LEDGER_TEST_DB_PASSWORD";

    static final String DATABASE_PREFIX = "ilr_test_";
    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 5432;
    static final String LOCAL_USER = "postgres";
    static final String CONTAINER_IMAGE = "postgres:16-alpine";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final Duration LOCAL_PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final DateTimeFormatter NAME_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    // Guarded by the class lock; a failure is remembered so later callers do not repeat slow probes.
    private static TestDatabase database;
    private static IllegalStateException failure;

    private TestPostgres() {
    }

    /** The database for this JVM, chosen and created on first call. */
    public static synchronized TestDatabase database() {
        if (database != null) {
            return database;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            database = choose();
            return database;
        } catch (IllegalStateException e) {
            failure = e;
            throw e;
        }
    }

    private static TestDatabase choose() {
        String explicitUrl = blankToNull(System.getenv(URL_ENV));
        if (explicitUrl != null) {
            // An explicit URL is authoritative: falling back elsewhere would hide a misconfiguration.
            return fromExplicitUrl(explicitUrl, blankToNull(System.getenv(USER_ENV)), System.getenv(PASSWORD_ENV));
        }

        List<String> reasons = new ArrayList<>();
        reasons.add("explicit URL: " + URL_ENV + " is not set");

        try {
            return fromLocalServer();
        } catch (Exception e) {
            reasons.add("local server " + LOCAL_HOST + ":" + LOCAL_PORT + ": " + describe(e));
        }

        try {
            return fromContainer();
        } catch (Throwable e) {
            reasons.add("Testcontainers: " + describe(e));
        }

        try {
            return fromEmbedded();
        } catch (Throwable e) {
            reasons.add("embedded (zonky): " + describe(e));
        }

        throw new IllegalStateException("No PostgreSQL is usable for tests:\n  - " + String.join("\n  - ", reasons));
    }

    static TestDatabase fromExplicitUrl(String url, String user, String password) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalStateException(URL_ENV + " is not a PostgreSQL JDBC URL: " + url);
        }
        String effectiveUser = firstNonNull(user, parsed.getProperty("user"), System.getProperty("user.name"));
        String effectivePassword = firstNonNull(password, parsed.getProperty("password"), "");

        String name = newDatabaseName();
        String freshUrl = withDatabase(url, name);
        if (freshUrl == null) {
            log.warn("Test PostgreSQL: using {} as is; cannot derive a URL for a fresh database from it", url);
            return new TestDatabase(url, effectiveUser, effectivePassword);
        }
        Properties credentials = credentials(user, password);
        try (Connection admin = DriverManager.getConnection(url, credentials)) {
            createDatabase(admin, name);
        } catch (SQLException e) {
            if (!canConnect(url, credentials)) {
                throw new IllegalStateException(URL_ENV + "=" + url + " is set but PostgreSQL there is not reachable: "
                        + describe(e), e);
            }
            log.warn("Test PostgreSQL: using {} as is; could not create a fresh database there: {}", url, describe(e));
            return new TestDatabase(url, effectiveUser, effectivePassword);
        }
        dropEarlierRuns(url, credentials, name);
        log.info("Test PostgreSQL: fresh database {} on the server from {} ({})", name, URL_ENV, freshUrl);
        return new TestDatabase(freshUrl, effectiveUser, effectivePassword);
    }

    private static TestDatabase fromLocalServer() throws IOException, SQLException {
        // A plain socket first, so an absent server costs at most the probe timeout.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOCAL_HOST, LOCAL_PORT), (int) LOCAL_PROBE_TIMEOUT.toMillis());
        }
        long timeoutSeconds = LOCAL_PROBE_TIMEOUT.toSeconds();
        String adminUrl = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres?connectTimeout="
                + timeoutSeconds + "&loginTimeout=" + timeoutSeconds;
        Properties credentials = credentials(LOCAL_USER, null);
        String name = newDatabaseName();
        try (Connection admin = DriverManager.getConnection(adminUrl, credentials)) {
            createDatabase(admin, name);
        }
        dropEarlierRuns(adminUrl, credentials, name);
        String url = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/" + name;
        log.info("Test PostgreSQL: fresh database {} on the local server ({})", name, url);
        return new TestDatabase(url, LOCAL_USER, "");
    }

    private static TestDatabase fromContainer() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("no usable Docker environment");
        }
        String name = newDatabaseName();
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(CONTAINER_IMAGE).withDatabaseName(name);
        container.start();
        // Ryuk would reap it too, but stopping here also covers a disabled Ryuk.
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-container-stop"));
        log.info("Test PostgreSQL: Testcontainers {} with database {} ({})", CONTAINER_IMAGE, name,
                container.getJdbcUrl());
        return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    static TestDatabase fromEmbedded() throws IOException, SQLException {
        // zonky registers its own shutdown hook that stops the server and deletes its data directory.
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        String name = newDatabaseName();
        try (Connection admin = server.getPostgresDatabase().getConnection()) {
            createDatabase(admin, name);
        }
        String url = "jdbc:postgresql://" + LOCAL_HOST + ":" + server.getPort() + "/" + name;
        log.info("Test PostgreSQL: embedded zonky server, database {} ({})", name, url);
        return new TestDatabase(url, LOCAL_USER, "");
    }

    private static void createDatabase(Connection admin, String name) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        }
    }

    /**
     * Drops the databases earlier test runs left on this server. Dropping our own at JVM exit would
     * race the Spring contexts' own shutdown (their pools would see connections cut mid-flight), so a
     * run instead cleans up after the runs before it, sparing any younger than six hours.
     */
    private static void dropEarlierRuns(String adminUrl, Properties credentials, String current) {
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minusHours(6);
        try (Connection admin = DriverManager.getConnection(adminUrl, credentials);
             Statement statement = admin.createStatement();
             ResultSet names = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ilr\\_test\\_%'")) {
            List<String> stale = new ArrayList<>();
            while (names.next()) {
                String name = names.getString(1);
                java.util.regex.Matcher stamp = java.util.regex.Pattern.compile("ilr_test_(\\d{14})_.*").matcher(name);
                if (!name.equals(current) && stamp.matches() && LocalDateTime.parse(stamp.group(1), NAME_TIMESTAMP).isBefore(cutoff)) {
                    stale.add(name);
                }
            }
            for (String name : stale) {
                drop(adminUrl, credentials, name);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Test PostgreSQL: could not clear databases of earlier runs: {}", describe(e));
        }
    }

    private static void drop(String adminUrl, Properties credentials, String name) throws SQLException {
        // FORCE ends sessions still open from pools that were never closed.
        try (Connection admin = DriverManager.getConnection(adminUrl, credentials);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            log.info("Test PostgreSQL: dropped database {}", name);
        }
    }

    private static boolean canConnect(String url, Properties credentials) {
        try (Connection connection = DriverManager.getConnection(url, credentials);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** A URL equal to {@code url} but naming {@code database}; null if the URL's shape is not understood. */
    static String withDatabase(String url, String database) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        int query = url.indexOf('?');
        String server = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        String rest = server.substring(prefix.length());

        String rewritten;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            rewritten = prefix + hosts + "/" + database + params;
        } else if (!rest.contains("/")) {
            // jdbc:postgresql:dbname (or jdbc:postgresql:) means localhost:5432.
            rewritten = prefix + database + params;
        } else {
            return null;
        }
        Properties parsed = Driver.parseURL(rewritten, null);
        if (parsed == null || !database.equals(parsed.getProperty("PGDBNAME"))) {
            return null;
        }
        return rewritten;
    }

    static String newDatabaseName() {
        StringBuilder name = new StringBuilder(DATABASE_PREFIX)
                .append(LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIMESTAMP))
                .append('_');
        for (int i = 0; i < 6; i++) {
            name.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
