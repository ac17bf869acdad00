package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * The application's main class in a JVM of its own, as it runs in production, on this test's
 * classpath, a database and a broker the test chooses, always on the same loopback port, so clients
 * find it again after it was killed and started anew.
 */
final class LedgerService {

    static final String PASSWORD = "fault-test-only";

    private final Path work;
    private final List<String> settings;
    private final int port;
    private Process process;
    private Path log;
    private int starts;
    private Duration lastStart = Duration.ZERO;

    private LedgerService(Path work, List<String> settings, int port) {
        this.work = work;
        this.settings = settings;
        this.port = port;
    }

    /**
     * A service on {@code database} publishing to {@code topic} on {@code kafka}; {@code more} are
     * further {@code --name=value} settings. Not started yet.
     */
    static LedgerService on(Path work, TestDatabase database, String kafka, String topic, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + kafka,
                "--ilr-ledger.kafka.topic=" + topic,
                "--ilr-ledger.chain.anchor-dir=" + work.resolve("anchors"),
                // The load changes learners in 2025-26, as if that year were still open (see IntegrationTest).
                "--ilr-ledger.returns.2526.r14-cut-off=2099-10-15T18:00"));
        settings.addAll(List.of(more));
        return new LedgerService(work, settings, freePort());
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the service and waits until it answers HTTP. */
    LedgerService start(HttpClient http) throws Exception {
        assertThat(process == null || !process.isAlive()).as("the service is already running").isTrue();
        log = work.resolve("service-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "uk.ilrledger.app.IlrLedgerApplication", "--server.port=" + port));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ILR_LEDGER_DEMO_PASSWORD", PASSWORD);
        builder.environment().put("ILR_LEDGER_DATA_DIR", work.resolve("data").toString());
        process = builder.start();
        Instant started = Instant.now();
        // Only a guard against a service that never answers: its start is printed, never asserted, and takes
        // longer when the in-process tests beside it start a context at the same time.
        Instant deadline = started.plus(Duration.ofMinutes(5));
        while (true) {
            assertThat(process.isAlive()).as(() -> "the service stopped:\n" + tail()).isTrue();
            assertThat(Instant.now()).as(() -> "the service did not start:\n" + tail()).isBefore(deadline);
            try {
                http.send(HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                lastStart = Duration.between(started, Instant.now());
                return this;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
    }

    /** How long the last start took, until the service answered HTTP. */
    Duration lastStart() {
        return lastStart;
    }

    /** SIGKILL: no shutdown hook, no connection closed cleanly, nothing flushed. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The last lines the service printed, for a failure's message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Each ERROR the service logged, with the lines after it (its stack), the first few, for a failure's message. */
    String errors() {
        try {
            List<String> lines = Files.readAllLines(log);
            StringBuilder errors = new StringBuilder();
            int shown = 0;
            for (int i = 0; i < lines.size() && shown < 5; i++) {
                if (lines.get(i).contains(" ERROR ")) {
                    shown++;
                    errors.append(String.join("\n", lines.subList(i, Math.min(lines.size(), i + 40)))).append("\n");
                }
            }
            return shown == 0 ? "(nothing logged at ERROR)" : errors.toString();
        } catch (IOException e) {
            return "(no log: " + e + ")";
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
