package uk.ilrledger.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.ilrledger.app.kafka.PublishedRecords.header;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Kafka goes down in the middle of a stream of changes and comes back: users keep raising and
 * deciding changes meanwhile, the health page and the lag metric show the backlog, and once the
 * broker is back every event is on the topic, once per event id, in each learner's order. The
 * service runs on its own database and its own broker, which this test stops and starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ILR_LEDGER_DEMO_PASSWORD=" + IntegrationTest.PASSWORD,
        "ilr-ledger.kafka.publication.max-delay=2s",
        // Its scenarios change learners in 2025-26, as if that year were still open (see IntegrationTest).
        IntegrationTest.KEEP_2425_OPEN, IntegrationTest.KEEP_2526_OPEN,
        // The health page as configured for operators: components listed, details for admins.
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=when-authorized",
        "management.endpoint.health.roles=ADMIN"})
@ContextConfiguration(initializers = KafkaOutageTest.OwnDatabaseAndBroker.class)
@DirtiesContext
class KafkaOutageTest {

    private static final Logger log = LoggerFactory.getLogger(KafkaOutageTest.class);
    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    static final int LEARNERS = 4;
    /** Longer than the producer's delivery timeout, so the publisher fails and retries from its token. */
    static final Duration OUTAGE = Duration.ofSeconds(18);
    /**
     * How long the users' rounds may take before the test gives up on them: a guard against users that have
     * stopped, not a rate; the tests with services of their own run beside this one on the same two cores.
     */
    static final Duration ROUNDS_GUARD = Duration.ofMinutes(2);
    static final int[] EMPLOYERS = {100000002, 123456789};

    static RestartableKafkaBroker broker;

    static class OwnDatabaseAndBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase database = OwnDatabase.create("kafka");
            broker = RestartableKafkaBroker.start();
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(),
                    "ilr-ledger.kafka.bootstrap-servers=" + broker.bootstrapServers()
            ).applyTo(context);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaConnection kafka;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
    }

    @Test
    void eventsRecordedWhileKafkaIsDownArriveOncePerEventIdInEachLearnersOrderWhenItIsBack() throws Exception {
        List<String> learners = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            String ref = "OUT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            assertThat(api.post("admin", PROVIDER + "/learners", SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)))
                    .status()).isEqualTo(201);
            learners.add(ref);
        }
        String evidence = api.upload("raiser", "note.txt", "Told us in person".getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        CompletableFuture<Void> users = CompletableFuture.runAsync(() -> {
            while (keepGoing.get() && rounds.get() < 200) {
                for (String ref : learners) {
                    changeEmployerAndRejectAWithdrawal(ref, rounds.get(), evidence);
                }
                rounds.incrementAndGet();
            }
        });
        await().atMost(ROUNDS_GUARD).until(() -> rounds.get() >= 3 || users.isDone());

        broker.stop();
        long storedAtStop = storedEvents();
        int roundsAtStop = rounds.get();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        await().atMost(OUTAGE).untilAsserted(() -> {
            assertThat(api.get(null, "/actuator/health/kafkaPublication").text("/status")).isEqualTo("DOWN");
            assertThat(lag()).isPositive();
        });
        Api.Answer healthDuringOutage = api.get(null, "/actuator/health");
        Api.Answer detailsDuringOutage = api.get("admin", "/actuator/health/kafkaPublication");
        long lagDuringOutage = lag();
        Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
        long storedDuringOutage = storedEvents() - storedAtStop;
        int roundsDuringOutage = rounds.get() - roundsAtStop;
        broker.restart();

        int roundsAtRestart = rounds.get();
        await().atMost(ROUNDS_GUARD).until(() -> rounds.get() >= roundsAtRestart + 2 || users.isDone());
        keepGoing.set(false);
        users.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> lag() == 0);
        assertThat(api.get(null, "/actuator/health/kafkaPublication").text("/status")).isEqualTo("UP");

        Map<String, StoredEvent> sent = new LinkedHashMap<>();
        jdbc.sql("SELECT event_identifier, aggregate_identifier, sequence_number, payload_type FROM domain_event_entry "
                        + "ORDER BY global_index")
                .query((row, i) -> new StoredEvent(row.getString(1), row.getString(2), row.getLong(3), row.getString(4)))
                .list()
                .forEach(event -> sent.put(event.eventId(), event));
        List<ConsumerRecord<String, byte[]>> received = PublishedRecords.read(broker.bootstrapServers(), kafka.topic(),
                read -> read.stream().map(r -> header(r, "event-id")).distinct().count() >= sent.size(),
                Duration.ofSeconds(30));

        Map<String, ConsumerRecord<String, byte[]>> firstById = new LinkedHashMap<>();
        List<String> differingDuplicates = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : received) {
            ConsumerRecord<String, byte[]> first = firstById.putIfAbsent(header(record, "event-id"), record);
            if (first != null && !(Arrays.equals(first.value(), record.value()) && first.key().equals(record.key()))) {
                differingDuplicates.add(header(record, "event-id"));
            }
        }
        int duplicates = received.size() - firstById.size();
        List<String> missing = sent.keySet().stream().filter(id -> !firstById.containsKey(id)).toList();
        List<String> unknown = firstById.keySet().stream().filter(id -> !sent.containsKey(id)).toList();
        Map<String, Long> lastSequence = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : firstById.values()) {
            StoredEvent event = sent.get(header(record, "event-id"));
            if (event == null) {
                continue;
            }
            long previous = lastSequence.getOrDefault(record.key(), -1L);
            if (!record.key().equals(event.learner()) || event.sequence() != previous + 1) {
                outOfOrder.add(record.key() + " #" + event.sequence() + " after #" + previous);
            }
            lastSequence.put(record.key(), event.sequence());
            if (!event.payloadType().equals(header(record, "event-type"))) { // stored under the name the header carries
                invalid.add(event.eventId() + " is a " + event.payloadType() + " headed " + header(record, "event-type"));
            }
            PublishedRecords.schemaErrors(record, json).forEach(error -> invalid.add(event.eventId() + ": " + error));
        }
        log.info("Kafka outage of {} s: sent {} events ({} stored while the broker was down, {} rounds of changes), "
                        + "received {} records, {} distinct event ids, {} raw duplicates, {} missing, {} out of order",
                OUTAGE.toSeconds(), sent.size(), storedDuringOutage, roundsDuringOutage, received.size(),
                firstById.size(), duplicates, missing.size(), outOfOrder.size());

        assertThat(storedDuringOutage).as("changes kept being recorded while Kafka was down").isPositive();
        assertThat(lagDuringOutage).isPositive();
        assertThat(healthDuringOutage.status()).as("the health page shows the outage").isEqualTo(503);
        assertThat(healthDuringOutage.text("/components/kafkaPublication/status")).isEqualTo("DOWN");
        assertThat(detailsDuringOutage.body().at("/details/lagEvents").asLong()).isPositive();
        assertThat(detailsDuringOutage.body().at("/details/oldestUnpublishedWaitedSeconds").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(missing).as("events never published").isEmpty();
        assertThat(unknown).as("records for events the store does not have").isEmpty();
        assertThat(outOfOrder).as("records out of their learner's order").isEmpty();
        assertThat(differingDuplicates).as("a repeated event id must be the same record").isEmpty();
        assertThat(invalid).isEmpty();
        assertThat(sent).hasSizeGreaterThan(LEARNERS * 5 * 6);
    }

    record StoredEvent(String eventId, String learner, long sequence, String payloadType) {
    }

    /** A new employer approved (3 events) and a withdrawal raised and rejected (2 events). */
    private void changeEmployerAndRejectAWithdrawal(String ref, int round, String evidence) {
        String date = LocalDate.of(2025, 9, 2).plusDays(round).toString();
        String employer = raise(ref, "CHANGE_OF_EMPLOYER", date, Map.of("empId", EMPLOYERS[round % 2]), evidence);
        decide(employer, "approval", Map.of("comment", "Letter from the employer"));
        String withdrawal = raise(ref, "WITHDRAWAL", date, Map.of("withdrawReason", 97), evidence);
        decide(withdrawal, "rejection", Map.of("reason", "The learner is staying"));
    }

    private String raise(String ref, String type, String effectiveDate, Map<String, Object> values, String evidence) {
        Api.Answer raised = api.post("raiser", PROVIDER + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effectiveDate, "values", values, "reason", "Learner told us", "evidence",
                List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }

    private void decide(String changeId, String decision, Map<String, Object> body) {
        Api.Answer decided = api.post("approver", "/api/changes/" + changeId + "/" + decision, body);
        assertThat(decided.status()).as(decided.body().toString()).isEqualTo(200);
    }

    private long lag() {
        return (long) api.get("admin", "/actuator/metrics/" + PublicationLagMetrics.LAG).body()
                .at("/measurements/0/value").asDouble();
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }
}
