package uk.ilrledger.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import uk.ilrledger.testsupport.TestKafka;

/**
 * The service's main class in a JVM of its own, on the test's classpath, as one of several instances
 * on one database, broker and checkpoint directory. Its probe is the readiness group. It compiles with
 * C1 only, which starts it in about half the time on a loaded machine.
 */
record LedgerProcess(String name, Process process, int port, Path log) {

    static LedgerProcess start(String name, Path work, TestDatabase database, String topic, String password,
            List<String> settings) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "uk.ilrledger.app.IlrLedgerApplication",
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--ilr-ledger.kafka.topic=" + topic,
                "--ilr-ledger.chain.anchor-dir=" + work.resolve("anchors")));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ILR_LEDGER_DEMO_PASSWORD", password);
        builder.environment().put("ILR_LEDGER_DATA_DIR", work.resolve("data-" + name).toString());
        return new LedgerProcess(name, builder.start(), port, log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until the instance's readiness probe answers 200. */
    void awaitReady(HttpClient http) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        while (true) {
            assertThat(process.isAlive()).as(() -> name + " stopped:\n" + tail()).isTrue();
            assertThat(Instant.now()).as(() -> name + " did not become ready:\n" + tail()).isBefore(deadline);
            try {
                HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (probe.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
    }

    /** SIGKILL: no shutdown hook runs, no claim is released, the presence lock goes with the connection. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Everything the instance has logged so far. */
    String logged() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
