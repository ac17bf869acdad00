package uk.ilrledger.app.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * A PostgreSQL server of the test's own (zonky's binaries, as the embedded default runs), on a
 * fixed loopback port and data directory, so the test can stop it and start it again without
 * touching the server other tests share: a service pointed at it sees the same database come back.
 */
final class OwnPostgres implements AutoCloseable {

    private static final String DATABASE = "ilr_ledger";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private OwnPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new server in {@code dataDirectory} with an empty {@value #DATABASE} database. */
    static OwnPostgres start(Path dataDirectory) throws IOException, SQLException {
        OwnPostgres postgres = new OwnPostgres(dataDirectory, freePort());
        postgres.start();
        try (Connection connection = postgres.server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        return postgres;
    }

    TestDatabase database() {
        return new TestDatabase("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "");
    }

    Connection connect() throws SQLException {
        TestDatabase database = database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    /** Starts the server on its port and data directory (again, after {@link #stop}). */
    void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // As the embedded default runs it: an acknowledged commit is on disk.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setLocaleConfig("locale", "C")
                .start();
    }

    /** A fast shutdown (pg_ctl stop -m fast): sessions are ended, nothing listens on the port; the data stays. */
    void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
