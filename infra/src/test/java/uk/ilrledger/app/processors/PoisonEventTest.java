package uk.ilrledger.app.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.CommandRun;
import uk.ilrledger.app.ExportCommand;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.faults.BesideTheOtherTests;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * A stored event every projection's handler fails on (its payload cannot be read) stops those
 * processors visibly: the health page and the admin listing name the event and the error, returns and
 * exports answer 503 instead of leaving learners out, and an ADMIN granted every provider lets one
 * processor pass over that one event, with a reason that stays listed. Own database: the failure must
 * not reach other tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ilr-ledger.projections.max-wait=1s",
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=when-authorized",
        "management.endpoint.health.roles=ADMIN",
        "ilr-ledger.users[0].name=admin",
        "ilr-ledger.users[0].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[0].roles=ADMIN",
        "ilr-ledger.users[0].ukprns=*",
        "ilr-ledger.users[1].name=provider-admin",
        "ilr-ledger.users[1].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[1].roles=ADMIN",
        "ilr-ledger.users[1].ukprns=" + SampleLearners.UKPRN,
        "ilr-ledger.users[2].name=exporter",
        "ilr-ledger.users[2].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[2].roles=EXPORTER",
        "ilr-ledger.users[2].ukprns=*"})
@ContextConfiguration(initializers = PoisonEventTest.OwnStore.class)
@DirtiesContext
@BesideTheOtherTests
class PoisonEventTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    static final String EVENT_LOG = "event-log";

    static class OwnStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase database = OwnDatabase.create("poison");
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(),
                    "ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    "ilr-ledger.kafka.topic=poison-" + UUID.randomUUID()
            ).applyTo(context);
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String jdbcUrl;
    @Value("${spring.datasource.username}")
    String username;
    @TempDir
    Path out;

    /** The jar's {@code export} command against this test's own store. */
    private CommandRun exportCommand() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = ExportCommand.run(List.of("--ukprn", Integer.toString(SampleLearners.UKPRN), "--year", "2526",
                        "--period", "R14", "--out", out.toString(), "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=" + username,
                        "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers()),
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
    }

    private Api api() {
        return new Api(rest, json);
    }

    private ResponseEntity<byte[]> export() {
        return rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(PROVIDER + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class);
    }

    private void register(String ref) {
        Api.Answer registered = api().post("admin", PROVIDER + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
    }

    /** A registration stored like any other whose payload is cut short: no handler can read it. */
    private String storePoison(String copiedRef) {
        String eventId = UUID.randomUUID().toString();
        int inserted = jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type,
                                time_stamp, aggregate_identifier, sequence_number, type)
                        SELECT ?, meta_data, ?, payload_revision, payload_type, time_stamp, ?, 0, type
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")
                .params(eventId, "{\"learner\": {\"ukprn\": ".getBytes(StandardCharsets.UTF_8),
                        SampleLearners.UKPRN + ":POISON1", SampleLearners.UKPRN + ":" + copiedRef)
                .update();
        assertThat(inserted).isEqualTo(1);
        return eventId;
    }

    private static JsonNode processor(JsonNode statuses, String name) {
        return StreamSupport.stream(statuses.spliterator(), false)
                .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode failure(JsonNode failures, String processor, String eventId) {
        return StreamSupport.stream(failures.spliterator(), false)
                .filter(f -> f.get("processor").asText().equals(processor)
                        && f.get("eventIdentifier").asText().equals(eventId))
                .findFirst().orElseThrow();
    }

    @Test
    void aPoisonEventIsShownReturnsWaitAndAnAdminsResolutionLetsTheEventLogPassOverIt() throws Exception {
        Api api = api();
        register("GOOD1");
        assertThat(export().getStatusCode().value()).as("the store is healthy to start with").isEqualTo(200);
        String poison = storePoison("GOOD1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health/eventProcessors").text("/status")).isEqualTo("DOWN"));
        JsonNode health = api.get("admin", "/actuator/health/eventProcessors").body();
        JsonNode eventLogInHealth = health.at("/details/failing/" + EVENT_LOG);
        assertThat(eventLogInHealth.get("eventIdentifier").asText()).isEqualTo(poison);
        assertThat(eventLogInHealth.get("eventType").asText()).isEqualTo("LearnerRegistered");
        assertThat(eventLogInHealth.get("error").asText()).isNotBlank().doesNotContain("\tat ");
        assertThat(api.get(null, "/actuator/health").status()).as("the whole service reports it").isEqualTo(503);

        JsonNode eventLog = processor(api.get("admin", "/api/admin/projections").body(), EVENT_LOG);
        assertThat(eventLog.get("caughtUp").asBoolean()).isFalse();
        assertThat(eventLog.get("position").asLong()).isLessThan(eventLog.get("head").asLong());
        assertThat(eventLog.at("/failure/eventIdentifier").asText()).isEqualTo(poison);
        assertThat(eventLog.at("/failure/globalIndex").asLong()).isEqualTo(eventLog.get("head").asLong());
        assertThat(eventLog.at("/failure/error").asText()).isEqualTo(eventLogInHealth.get("error").asText());

        register("GOOD2");
        ResponseEntity<byte[]> refused = export();
        assertThat(refused.getStatusCode().value()).as("no file that leaves GOOD2 out").isEqualTo(503);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
        JsonNode problem = readJson(refused.getBody());
        assertThat(problem.get("detail").asText()).contains(EVENT_LOG).contains(poison);
        assertThat(processor(problem.get("processors"), EVENT_LOG).get("failingEvent").asText()).isEqualTo(poison);
        Api.Answer snapshot = api.get("exporter", PROVIDER + "/returns/2526/R14");
        assertThat(snapshot.status()).isEqualTo(503);
        assertThat(snapshot.headers().getFirst("Retry-After")).isNotBlank();
        CommandRun command = exportCommand();
        assertThat(command.exit()).as(command.out()).isEqualTo(1);
        assertThat(command.err()).contains(EVENT_LOG).contains(poison);
        try (var files = Files.list(out)) {
            assertThat(files).as("no stale file written").isEmpty();
        }
        long submissions = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ReturnSubmitted'")
                .query(Long.class).single();
        assertThat(api.post("exporter", PROVIDER + "/returns/2526/R14/submissions", Map.of()).status()).isEqualTo(503);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ReturnSubmitted'")
                .query(Long.class).single()).as("a refused submission records nothing").isEqualTo(submissions);

        String resolution = "/api/admin/projections/" + EVENT_LOG + "/failures/" + poison + "/resolution";
        assertThat(api.post("provider-admin", resolution, Map.of("reason", "cut short on disk")).status())
                .as("an ADMIN of one provider cannot skip an event for all").isEqualTo(403);
        Api.Answer noReason = api.post("admin", resolution, Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text("/errors/0/field")).isEqualTo("reason");
        assertThat(api.post("admin", "/api/admin/projections/" + EVENT_LOG + "/failures/" + UUID.randomUUID()
                + "/resolution", Map.of("reason", "no such failure")).status()).isEqualTo(404);

        Api.Answer resolved = api.post("admin", resolution,
                Map.of("reason", "Payload cut short when the disk filled; POISON1 is registered again by hand"));
        assertThat(resolved.status()).as(resolved.body().toString()).isEqualTo(200);
        assertThat(resolved.text("/resolution/resolvedBy")).isEqualTo("admin");

        await().atMost(Duration.ofSeconds(30)).until(() -> export().getStatusCode().value() == 200);
        ResponseEntity<byte[]> file = export();
        String xml = new String(file.getBody(), StandardCharsets.UTF_8);
        assertThat(xml).as("the event log moved on past the skipped event").contains("GOOD1").contains("GOOD2")
                .doesNotContain("POISON1");
        long lastEvent = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
        assertThat(Long.parseLong(file.getHeaders().getFirst("ILR-Ledger-Store-Position"))).isEqualTo(lastEvent);
        CommandRun exported = exportCommand();
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("store position " + lastEvent);

        JsonNode failures = api.get("admin", "/api/admin/projections/failures").body();
        JsonNode skipped = failure(failures, EVENT_LOG, poison);
        assertThat(skipped.at("/resolution/reason").asText()).startsWith("Payload cut short");
        assertThat(skipped.at("/resolution/resolvedAt").asText()).isNotBlank();
        assertThat(skipped.get("skippedAt").asText()).as("the skip itself is listed").isNotBlank();
        JsonNode stillFailing = failure(failures, "current-ilr", poison);
        assertThat(stillFailing.has("resolution")).as("only the processor resolved for passes over the event").isFalse();
        assertThat(stillFailing.get("attempts").asInt()).isGreaterThan(1);
        JsonNode healthAfter = api.get("admin", "/actuator/health/eventProcessors").body();
        assertThat(healthAfter.at("/details/failing").has(EVENT_LOG)).isFalse();
        assertThat(healthAfter.at("/details/failing").has("current-ilr")).isTrue();
    }

    @Test
    void aFailureRecordedElsewhereForAnEventTheProcessorHasSinceHandledIsClosedAsRecovered() {
        Api api = api();
        register("ELSE01");
        long index = jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(SampleLearners.UKPRN + ":ELSE01").query(Long.class).single();
        String submissions = "return-submissions";
        await().atMost(Duration.ofSeconds(20)).until(() ->
                processor(api.get("admin", "/api/admin/projections").body(), submissions).get("position").asLong() >= index);
        // As an instance that failed on it and then lost the segment to another would have left it.
        String handled = jdbc.sql("""
                        INSERT INTO processor_failure (processor_name, event_identifier, segment, global_index, event_type,
                                error, first_seen, last_seen, attempts)
                        SELECT ?, event_identifier, 0, global_index, 'LearnerRegistered', 'connection reset', now(), now(), 1
                        FROM domain_event_entry WHERE global_index = ?
                        RETURNING event_identifier""")
                .params(submissions, index).query(String.class).single();
        assertThat(failure(api.get("admin", "/api/admin/projections/failures").body(), submissions, handled)
                .has("recoveredAt")).isFalse();

        // The processor's stored token may still be settling a gap below the event: the failure closes once
        // the token is past it, which the health page sees at its next look.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("admin", "/actuator/health/eventProcessors").body().at("/details/failing")
                        .has(submissions)).as("the processor is past it").isFalse());
        assertThat(failure(api.get("admin", "/api/admin/projections/failures").body(), submissions, handled)
                .get("recoveredAt").asText()).isNotBlank();
    }

    private JsonNode readJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
