package uk.ilrledger.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.app.kafka.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * Two instances of the service, each a process of its own, on one PostgreSQL database and one Kafka
 * broker, their processors in four segments each instance holds two of. Learners are registered,
 * withdrawals raised and approved through both at once, each learner's steps on alternating instances;
 * halfway one instance is killed with SIGKILL. The survivor takes its segments once their claims time
 * out and the load goes on against it. Then every table holds each stored event once (none lost, none
 * twice), each learner's record is the fold of its events in order, and Kafka holds every stored event,
 * at least once, de-duplicated by event id exactly the store's.
 */
class ScaleOutTest {

    private static final int LEARNERS = 80;
    private static final int SEGMENTS = 4;
    private static final String PASSWORD = "scale-out-test-only";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PROCESSORS = {"change-queue", "current-ilr", "event-log", "kafka-publisher",
            "learner-history", "return-submissions"};

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LedgerProcess> instances = new ArrayList<>();
    private TestDatabase database;

    @AfterEach
    void stop() throws InterruptedException {
        for (LedgerProcess instance : instances) {
            instance.kill();
        }
    }

    @Test
    void twoInstancesShareTheProcessorsAndTheSurvivorOfAKillLosesAndDoublesNothing() throws Exception {
        database = OwnDatabase.create("scale");
        String topic = "ilr-ledger.scale-out-" + UUID.randomUUID();
        int ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 49_999_999);
        List<String> settings = List.of("--ilr-ledger.processors.segments=" + SEGMENTS,
                "--ilr-ledger.processors.claim-interval=1s", "--ilr-ledger.processors.claim-timeout=5s",
                "--ilr-ledger.returns.2627.r14-cut-off=2099-10-15T18:00");
        LedgerProcess first = LedgerProcess.start("first", work, database, topic, PASSWORD, settings);
        instances.add(first);
        first.awaitReady(http);
        LedgerProcess second = LedgerProcess.start("second", work, database, topic, PASSWORD, settings);
        instances.add(second);
        second.awaitReady(http);
        for (String processor : PROCESSORS) {
            assertThat(held(first, processor)).as(processor + " on the first").hasSize(SEGMENTS / 2);
            assertThat(held(second, processor)).as(processor + " on the second").hasSize(SEGMENTS / 2);
        }

        String evidence = JSON.readTree(upload(first)).get("evidenceId").asText();
        List<LedgerProcess> targets = List.of(first, second);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failedOver = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            int learner = i;
            work.add(clients.submit(() -> {
                String ref = "SCALE" + learner;
                String changeId = UUID.nameUUIDFromBytes((ukprn + ref).getBytes(StandardCharsets.UTF_8)).toString();
                int at = learner % 2;
                send(targets, at, failedOver, "admin", "/api/providers/" + ukprn + "/learners", registration(ref));
                send(targets, at + 1, failedOver, "raiser", "/api/providers/" + ukprn + "/learners/" + ref + "/changes",
                        withdrawal(changeId, evidence));
                send(targets, at, failedOver, "approver", "/api/changes/" + changeId + "/approval",
                        "{\"comment\": \"checked\"}");
                done.incrementAndGet();
                return null;
            }));
        }
        while (done.get() < LEARNERS / 2) {
            Thread.sleep(50);
        }
        second.kill();
        Instant killed = Instant.now();
        for (Future<?> step : work) {
            step.get();
        }
        clients.shutdown();

        // The survivor holds every segment, and every processor reaches the store's head.
        awaitAll(first, Duration.ofMinutes(3), () -> {
            for (String processor : PROCESSORS) {
                if (held(first, processor).size() != SEGMENTS) {
                    return false;
                }
            }
            JsonNode projections = get(first, "admin", "/api/admin/projections");
            for (JsonNode processor : projections) {
                if (!processor.get("caughtUp").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
        Duration takeover = Duration.between(killed, Instant.now());

        long storeEvents = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? || ':%'", ukprn);
        Set<String> storeIds = ids("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier LIKE ? || ':%'",
                ukprn);
        long registered = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? || ':%'"
                + " AND payload_type = 'LearnerRegistered'", ukprn);
        long raised = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? || ':%'"
                + " AND payload_type = 'ChangeRaised'", ukprn);
        long withdrawn = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? || ':%'"
                + " AND payload_type = 'LearnerWithdrawn'", ukprn);
        assertThat(registered).as("every learner registered, on one instance or the other").isEqualTo(LEARNERS);
        assertThat(raised).isEqualTo(LEARNERS);
        assertThat(withdrawn).isEqualTo(LEARNERS);

        long logged = count("SELECT count(*) FROM learner_event_log WHERE ukprn = ?", ukprn);
        Set<String> loggedIds = ids("SELECT event_identifier FROM learner_event_log WHERE ukprn = ?", ukprn);
        long historyRegistrations = count("SELECT count(*) FROM learner_history_entry WHERE ukprn = ?"
                + " AND entry_type = 'REGISTRATION'", ukprn);
        long historyChanges = count("SELECT count(*) FROM learner_history_entry WHERE ukprn = ? AND change_id IS NOT NULL",
                ukprn);
        long queued = count("SELECT count(*) FROM change_request WHERE ukprn = ?", ukprn);
        long currentIlr = count("SELECT count(*) FROM current_ilr_learner WHERE ukprn = ?", ukprn);
        long withdrawnInCurrentIlr = count("""
                SELECT count(*) FROM current_ilr_learner WHERE ukprn = ?
                  AND record -> 'learningDeliveries' -> 0 ->> 'compStatus' = '3'""", ukprn);

        List<ConsumerRecord<String, byte[]>> published = readTopic(topic, storeIds);
        List<String> publishedIds = published.stream().map(r -> header(r, "event-id")).toList();
        Set<String> distinctPublished = new TreeSet<>(publishedIds);

        System.out.printf("""
                scale-out: instances 2, segments %d, learners %d, killed one with SIGKILL after %d; survivor held all \
                segments and caught up %d s after the kill (claim timeout 5 s); requests failed over: %d
                | table | events or rows | lost | doubled |
                |---|---|---|---|
                | event store (learner events) | %d | - | - |
                | learner_event_log | %d | %d | %d |
                | learner_history_entry (registrations, changes) | %d, %d | %d | %d |
                | change_request | %d | %d | %d |
                | current_ilr_learner (withdrawn) | %d (%d) | %d | - |
                | Kafka records (distinct event ids) | %d (%d) | %d | %d re-sent |
                """, SEGMENTS, LEARNERS, LEARNERS / 2, takeover.toSeconds(), failedOver.get(),
                storeEvents,
                logged, difference(storeIds, loggedIds), logged - loggedIds.size(),
                historyRegistrations, historyChanges, registered + raised - historyRegistrations - historyChanges,
                Math.max(0, historyRegistrations - registered) + Math.max(0, historyChanges - raised),
                queued, Math.max(0, raised - queued), Math.max(0, queued - raised),
                currentIlr, withdrawnInCurrentIlr, registered - currentIlr,
                published.size(), distinctPublished.size(), difference(storeIds, distinctPublished),
                published.size() - distinctPublished.size());

        assertThat(loggedIds).as("the event log holds every stored event once").isEqualTo(storeIds);
        assertThat(logged).isEqualTo(storeEvents);
        assertThat(historyRegistrations).as("one history entry per registration").isEqualTo(registered);
        assertThat(historyChanges).as("one history entry per change").isEqualTo(raised);
        assertThat(queued).as("one queue entry per change").isEqualTo(raised);
        assertThat(currentIlr).isEqualTo(registered);
        assertThat(withdrawnInCurrentIlr).as("each learner's withdrawal folded after its registration").isEqualTo(withdrawn);
        assertThat(distinctPublished).as("Kafka, de-duplicated by event id, holds exactly the store's events")
                .isEqualTo(storeIds);
    }

    private static long difference(Set<String> expected, Set<String> actual) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        return missing.size();
    }

    /** Sends a step to the instance its turn names; one that is gone has the step sent to the other. */
    private void send(List<LedgerProcess> targets, int turn, AtomicInteger failedOver, String user, String path,
            String body) throws Exception {
        for (int attempt = 0; attempt < targets.size(); attempt++) {
            LedgerProcess target = targets.get((turn + attempt) % targets.size());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                // A step the killed instance recorded before answering is already there: 409, or 200 for a retried raise.
                assertThat(response.statusCode()).as(path + " " + response.body())
                        .isIn(attempt == 0 ? List.of(200, 201) : List.of(200, 201, 409));
                return;
            } catch (IOException gone) {
                failedOver.incrementAndGet();
            }
        }
        throw new AssertionError("no instance answered " + path);
    }

    private String upload(LedgerProcess instance) throws Exception {
        String boundary = "scale-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nThe learner has left.\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance.uri("/api/evidence"))
                .header("Authorization", basic("raiser"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return response.body();
    }

    private static String registration(String ref) {
        return """
                {"learnRefNumber": "%s", "uln": 1000000000, "familyName": "Example", "givenNames": "Sam",
                 "ethnicity": 31, "sex": "F", "llddHealthProb": 2, "postcodePrior": "ZZ99 9ZZ", "postcode": "ZZ99 9ZZ",
                 "learningDeliveries": [
                   {"learnAimRef": "ZPROG001", "aimType": 1, "learnStartDate": "2026-09-01", "learnPlanEndDate": "2028-03-01",
                    "fundModel": 36, "progType": 25, "stdCode": 91, "delLocPostCode": "ZZ99 9ZZ", "compStatus": 1,
                    "learningDeliveryFams": [{"learnDelFAMType": "ACT", "learnDelFAMCode": "1", "learnDelFAMDateFrom": "2026-09-01"}]},
                   {"learnAimRef": "60000001", "aimType": 3, "learnStartDate": "2026-09-01", "learnPlanEndDate": "2028-03-01",
                    "fundModel": 36, "progType": 25, "stdCode": 91, "delLocPostCode": "ZZ99 9ZZ", "compStatus": 1}]}
                """.formatted(ref);
    }

    private static String withdrawal(String changeId, String evidence) {
        return """
                {"changeId": "%s", "type": "WITHDRAWAL", "effectiveDate": "2026-11-27",
                 "values": {"learnActEndDate": "2026-11-27", "withdrawReason": 97},
                 "reason": "Learner emailed to say they have left", "evidence": ["%s"]}
                """.formatted(changeId, evidence);
    }

    /** The segments of a processor the instance holds, from its readiness details. */
    private List<Integer> held(LedgerProcess instance, String processor) throws Exception {
        List<Integer> held = new ArrayList<>();
        get(instance, "admin", "/actuator/health/readiness")
                .at("/components/processorShares/details/processors/" + processor + "/held")
                .forEach(segment -> held.add(segment.asInt()));
        return held;
    }

    private JsonNode get(LedgerProcess instance, String user, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance.uri(path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", basic(user)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitAll(LedgerProcess instance, Duration atMost, Check check) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!check.holds()) {
            assertThat(instance.process().isAlive()).as(() -> instance.name() + " stopped:\n" + instance.tail()).isTrue();
            assertThat(Instant.now()).as(() -> "the survivor did not take over:\n" + instance.tail()).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readTopic(String topic, Set<String> expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-out-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            int quiet = 0;
            // Until every stored event is seen, then a few empty polls more for any record sent twice.
            while (Instant.now().isBefore(deadline) && (!seen.containsAll(expected) || quiet < 4)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                records.forEach(r -> {
                    read.add(r);
                    seen.add(header(r, "event-id"));
                });
            }
        }
        return read;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter instanceof Integer ukprn && sql.contains("LIKE") ? ukprn.toString() : parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Set<String> ids(String sql, Object parameter) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter instanceof Integer ukprn && sql.contains("LIKE") ? ukprn.toString() : parameter);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
