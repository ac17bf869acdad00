package uk.ilrledger.app.embedded;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's binaries) keeping its data in a fixed directory, so the data
 * outlives restarts of the application.
 *
 * <p>Runs as root: zonky starts initdb, pg_ctl and postgres under {@code unshare -U} when the JVM
 * is root and user namespaces are available, where they see themselves as an unprivileged user.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "ilr_ledger";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    // zonky's own lock file inside the data directory; held while a server uses the directory.
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server on a free local port using {@code dataDirectory}, initialising it on first use,
     * and creates the {@value #DATABASE} database if it does not exist yet.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            checkRootIsWorkable();
            Files.createDirectories(directory);
            checkNotInUse(directory);
            checkInitialisable(directory);
            clearStalePidFile(directory);

            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Spring stops the server after the context has closed; a JVM hook of its own would race Axon's shutdown.
                    .setRegisterShutdownHook(false)
                    // A killed JVM leaves a server that needs crash recovery, which may take longer than zonky's 10 s.
                    .setPGStartupWait(STARTUP_WAIT)
                    // zonky starts postgres with -F (fsync off) and synchronous_commit off, right for
                    // throw-away test data but not for data meant to survive a crash of the machine.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Only used by initdb; C is present everywhere and independent of the host's locale.
                    .setLocaleConfig("locale", "C")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory);
            try {
                server.createDatabaseIfMissing();
            } catch (SQLException | RuntimeException e) {
                server.close();
                throw e;
            }
            log.info("Embedded PostgreSQL ready at {} (data in {})", server.jdbcUrl(), directory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE + " in embedded PostgreSQL", e);
        }
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    /** Empty: the server trusts local connections. */
    public String password() {
        return PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server with a fast shutdown; the data directory is kept. Safe to call twice. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet result = query.executeQuery()) {
                    if (result.next()) {
                        return;
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
                log.info("Created database {} in {}", DATABASE, dataDirectory);
            }
        }
    }

    /** Without user namespaces initdb fails as root with a message that does not say why. */
    private static void checkRootIsWorkable() {
        boolean linuxRoot = System.getProperty("os.name", "").startsWith("Linux") && new UnixSystem().getUid() == 0;
        if (linuxRoot && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("Embedded PostgreSQL cannot run as root here: PostgreSQL refuses root, and "
                    + "the usual way round it, running it under 'unshare -U' (a user namespace in which it is not "
                    + "root), is not permitted on this machine. Run the application as a non-root user, or allow "
                    + "user namespaces (user.max_user_namespaces > 0; Docker's default seccomp profile blocks them), "
                    + "or point the application at an external PostgreSQL.");
        }
    }

    /** Fails fast if a live server (in this or another JVM) holds zonky's lock on the directory. */
    private static void checkNotInUse(Path directory) throws IOException {
        Path lockFile = directory.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            // Creating it here would make a new directory non-empty and initdb would refuse it.
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("Data directory " + directory + " is in use by another process");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("Data directory " + directory + " is already in use in this JVM", e);
        }
    }

    /** initdb needs an empty directory; anything else without a configuration is not ours to wipe. */
    private static void checkInitialisable(Path directory) throws IOException {
        if (Files.exists(directory.resolve("postgresql.conf"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException("Data directory " + directory
                        + " is neither empty nor a PostgreSQL data directory (no postgresql.conf)");
            }
        }
    }

    /**
     * A JVM killed without running its shutdown hooks leaves its postmaster running (pg_ctl
     * detaches it), holding the directory; and after a reboot postmaster.pid may name a PID now
     * used by an unrelated process, which postgres would take for a live server. Stop the former,
     * remove the file for the latter.
     */
    private static void clearStalePidFile(Path directory) throws IOException {
        Path pidFile = directory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive);
        if (process.isPresent() && isPostmasterOf(process.get(), directory)) {
            log.warn("Stopping orphaned PostgreSQL server (PID {}) left running in {} by an earlier run",
                    process.get().pid(), directory);
            stopOrphan(process.get());
        } else {
            log.warn("Removing stale {} from {}", PID_FILE, directory);
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The postmaster runs with its data directory as working directory; that identifies it. */
    private static boolean isPostmasterOf(ProcessHandle process, Path directory) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.readSymbolicLink(cwd).equals(directory.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc: fall back to the executable's name.
            return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
        }
    }

    private static void stopOrphan(ProcessHandle process) throws IOException {
        // SIGINT is postgres' "fast" shutdown: ends sessions, checkpoints, exits.
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).isAlive()) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping orphaned PostgreSQL " + process.pid(), e);
        } catch (Exception e) {
            log.warn("Fast shutdown of orphaned PostgreSQL {} failed: {}", process.pid(), e.toString());
        }
        // Crash recovery on the next start repairs what an immediate kill leaves behind.
        process.destroyForcibly();
        try {
            process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping orphaned PostgreSQL " + process.pid(), e);
        } catch (Exception e) {
            throw new IOException("Could not stop orphaned PostgreSQL " + process.pid(), e);
        }
    }
}
