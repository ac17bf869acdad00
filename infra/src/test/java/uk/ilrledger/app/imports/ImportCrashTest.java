package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.app.faults.BesideTheOtherTests;
import uk.ilrledger.testsupport.GeneratedIlrFile;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * The service as a process of its own, on a database of its own, killed with SIGKILL while it
 * records a large file and started again: nothing of the file is kept, neither when the kill comes
 * while the file is imported nor while its new learners are registered on approval, and the approval
 * then records exactly what a clean run records for the same file.
 */
@BesideTheOtherTests
class ImportCrashTest {

    private static final int LEARNERS = 1000;
    private static final long SEED = 20261206L;
    private static final String PASSWORD = "crash-test-only";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private TestDatabase database;
    private final UUID topic = UUID.randomUUID();
    private Service service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void ownDatabase() {
        database = OwnDatabase.create("crash");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void aServiceKilledMidImportOrMidApprovalKeepsNothingOfTheFileAndTheRetryRecordsWhatACleanRunRecords()
            throws Exception {
        int ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 49_999_999);
        int cleanUkprn = ukprn + 50_000_000;
        Path file = work.resolve("crashed.xml");
        Path cleanFile = work.resolve("clean.xml");
        GeneratedIlrFile.write(file, ukprn, LEARNERS, SEED);
        GeneratedIlrFile.write(cleanFile, cleanUkprn, LEARNERS, SEED);
        service = Service.start(this);

        // Killed while the file itself is recorded.
        CompletableFuture<HttpResponse<String>> importing = post("admin", "/api/providers/" + ukprn + "/imports", file);
        killOnceRecording(importing);
        assertThat(count("SELECT count(*) FROM ilr_import WHERE ukprn = ?", ukprn)).isZero();
        assertThat(count("SELECT count(*) FROM import_finding WHERE ukprn = ?", ukprn)).isZero();
        assertThat(events(ukprn)).isEmpty();

        // Imported, then killed while its new learners are registered on approval.
        service = Service.start(this);
        JsonNode imported = answer(post("admin", "/api/providers/" + ukprn + "/imports", file).join(), 200);
        assertThat(imported.get("newLearners").asInt()).isEqualTo(LEARNERS);
        String approval = "/api/providers/" + ukprn + "/imports/" + imported.get("importId").asText() + "/approval";
        killOnceRecording(post("approver", approval, "{}"));
        assertThat(events(ukprn)).as("no learner of the file is registered").isEmpty();

        service = Service.start(this);
        JsonNode status = answer(get("auditor", "/api/providers/" + ukprn + "/imports/"
                + imported.get("importId").asText()), 200);
        assertThat(status.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        JsonNode approved = answer(post("approver", approval, "{}").join(), 200);
        assertThat(approved.get("registered").asInt()).isEqualTo(LEARNERS);

        JsonNode clean = answer(post("admin", "/api/providers/" + cleanUkprn + "/imports", cleanFile).join(), 200);
        answer(post("approver", "/api/providers/" + cleanUkprn + "/imports/" + clean.get("importId").asText()
                + "/approval", "{}").join(), 200);
        Map<String, List<String>> retried = events(ukprn);
        Map<String, List<String>> cleanRun = events(cleanUkprn);
        assertThat(retried).hasSize(LEARNERS);
        assertThat(retried).as("per learner, the same events as a clean run of the same file")
                .isEqualTo(normalised(cleanRun, cleanUkprn, ukprn,
                        clean.get("fileSha256").asText(), imported.get("fileSha256").asText()));
        assertThat(count("SELECT count(DISTINCT event_identifier) FROM domain_event_entry WHERE aggregate_identifier"
                + " LIKE ? || ':%'", Integer.toString(ukprn))).as("one event per learner, each id once").isEqualTo(LEARNERS);
        assertThat(count("SELECT count(*) FROM learner_key WHERE ukprn = ?", ukprn))
                .as("one personal-data key per learner: none left over from the killed attempts").isEqualTo(LEARNERS);
    }

    /** Waits until the service holds the event table's append lock (the recording transaction is open), then kills it. */
    private void killOnceRecording(CompletableFuture<HttpResponse<String>> request) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (count("""
                SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'domain_event_entry' AND l.mode = 'ExclusiveLock' AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.pid <> pg_backend_pid()""") == 0) {
            assertThat(request).as("the request finished before it could be interrupted").isNotDone();
            assertThat(Instant.now()).as("the service never started recording").isBefore(deadline);
            Thread.sleep(20);
        }
        service.kill();
        service = null;
        assertThat(request).failsWithin(Duration.ofSeconds(30));
    }

    /**
     * A personal value sealed with the learner's key (decision 33): its key and ciphertext differ from run to
     * run (a new key per learner, a random IV per value), so runs are compared by which fields are sealed.
     */
    private static final Pattern SEALED = Pattern.compile(
            "\\{\"\\$sealed\":\"[0-9a-f-]{36}\",\"field\":\"(\\w+)\",\"value\":\"[A-Za-z0-9+/=]+\"}");

    /** Each learner's events of {@code ukprn} in order: sequence number, type and payload, sealed values by field. */
    private Map<String, List<String>> events(int ukprn) throws SQLException {
        Map<String, List<String>> byLearner = new TreeMap<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement("""
                SELECT aggregate_identifier, sequence_number, payload_type, payload FROM domain_event_entry
                WHERE aggregate_identifier LIKE ? || ':%' ORDER BY aggregate_identifier, sequence_number""")) {
            query.setString(1, Integer.toString(ukprn));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String ref = rows.getString(1).substring(rows.getString(1).indexOf(':') + 1);
                    byLearner.computeIfAbsent(ref, r -> new ArrayList<>()).add(rows.getLong(2) + " "
                            + rows.getString(3) + " " + SEALED.matcher(new String(rows.getBytes(4), StandardCharsets.UTF_8))
                                    .replaceAll("{\"\\$sealed\":\"$1\"}"));
                }
            }
        }
        return byLearner;
    }

    /** The clean run's events as the crashed provider's would read: its UKPRN and file hash put in. */
    private static Map<String, List<String>> normalised(Map<String, List<String>> events, int fromUkprn, int toUkprn,
            String fromSha, String toSha) {
        Map<String, List<String>> result = new TreeMap<>();
        events.forEach((ref, list) -> result.put(ref, list.stream()
                .map(event -> event.replace(Integer.toString(fromUkprn), Integer.toString(toUkprn))
                        .replace(fromSha, toSha))
                .toList()));
        return result;
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private CompletableFuture<HttpResponse<String>> post(String user, String path, Path file) throws IOException {
        return http.sendAsync(request(user, path).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(String user, String path, String json) {
        return http.sendAsync(request(user, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String user, String path) throws IOException, InterruptedException {
        return http.send(request(user, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String user, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode answer(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** The application's main class in a JVM of its own, on this test's classpath, database and broker. */
    private record Service(Process process, int port, Path log) {

        static Service start(ImportCrashTest test) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile(test.work, "service-", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-cp", System.getProperty("java.class.path"), "uk.ilrledger.app.IlrLedgerApplication",
                    "--server.address=127.0.0.1", "--server.port=" + port,
                    "--spring.datasource.url=" + test.database.jdbcUrl(),
                    "--spring.datasource.username=" + test.database.username(),
                    "--spring.datasource.password=" + test.database.password(),
                    "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    // A topic of its own: the shared one's readers in the test JVM never see this service's records.
                    "--ilr-ledger.kafka.topic=import-crash-" + test.topic,
                    "--ilr-ledger.chain.anchor-dir=" + test.work.resolve("anchors"),
                    "--ilr-ledger.returns.2526.r14-cut-off=2099-10-15T18:00")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("ILR_LEDGER_DEMO_PASSWORD", PASSWORD);
            builder.environment().put("ILR_LEDGER_DATA_DIR", test.work.resolve("data").toString());
            Service service = new Service(builder.start(), port, log);
            service.awaitStarted(test.http);
            return service;
        }

        private void awaitStarted(HttpClient http) throws Exception {
            // Only a guard against a service that never answers (see LedgerService in faults).
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (true) {
                assertThat(process.isAlive()).as(() -> "the service stopped:\n" + tail()).isTrue();
                assertThat(Instant.now()).as(() -> "the service did not start:\n" + tail()).isBefore(deadline);
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
