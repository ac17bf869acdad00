package uk.ilrledger.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.ilrledger.app.kafka.PublishedRecords.header;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * What a consumer of the learner-events topic relies on: a record per event id, keyed by learner,
 * headers naming the event and the version of its published JSON Schema, a value valid under that
 * schema; and the publication lag an operator watches (its health component is shown in
 * {@link KafkaOutageTest}).
 */
@IntegrationTest
class KafkaPublicationTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;

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
    void eachEventIsOneRecordKeyedByLearnerWithItsHeadersAndAValueValidUnderTheSchemaItNames() throws Exception {
        String ref = "K" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", PROVIDER + "/learners", SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)))
                .status()).isEqualTo(201);
        String evidence = api.upload("raiser", "letter.txt", "New employer from October".getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        String employer = raise(ref, "CHANGE_OF_EMPLOYER", "2025-10-06", Map.of("empId", 100000002), evidence);
        assertThat(api.post("approver", "/api/changes/" + employer + "/approval", Map.of("comment", "Letter checked"))
                .status()).isEqualTo(200);
        String withdrawal = raise(ref, "WITHDRAWAL", "2026-02-27", Map.of("withdrawReason", 97), evidence);
        assertThat(api.post("approver", "/api/changes/" + withdrawal + "/rejection", Map.of("reason", "Wrong learner"))
                .status()).isEqualTo(200);
        String key = SampleLearners.UKPRN + ":" + ref;

        List<String> stored = jdbc.sql("""
                        SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number""")
                .param(key).query(String.class).list();
        List<ConsumerRecord<String, byte[]>> read = PublishedRecords.read(kafka.bootstrapServers(), kafka.topic(),
                all -> all.stream().filter(r -> key.equals(r.key())).map(r -> header(r, "event-id")).distinct().count()
                        >= stored.size(), Duration.ofSeconds(30));

        // As a consumer must: a record delivered twice is the same record, kept once.
        Map<String, ConsumerRecord<String, byte[]>> byEventId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : read.stream().filter(r -> key.equals(r.key())).toList()) {
            ConsumerRecord<String, byte[]> first = byEventId.putIfAbsent(header(record, "event-id"), record);
            if (first != null) {
                assertThat(record.value()).isEqualTo(first.value());
            }
        }
        List<ConsumerRecord<String, byte[]>> published = List.copyOf(byEventId.values());
        assertThat(published).extracting(r -> header(r, "event-id")).containsExactlyElementsOf(stored);
        assertThat(published).extracting(r -> header(r, "event-type")).containsExactly("LearnerRegistered",
                "ChangeRaised", "ChangeApproved", "EmployerChanged", "ChangeRaised", "ChangeRejected");
        // ChangeRaised is at version 3 since CONTRACT_TYPE_CHANGE, DID_NOT_RETURN and ADD_AIM joined its proposals.
        assertThat(published).extracting(r -> header(r, "schema-version")).containsExactly("1", "3", "1", "1", "3", "1");
        assertThat(published).allSatisfy(record -> {
            assertThat(PublishedRecords.schemaErrors(record, json)).as(new String(record.value(), StandardCharsets.UTF_8))
                    .isEmpty();
            assertThat(Instant.parse(header(record, "recorded-at"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(header(record, "correlation-id")).isNotBlank();
        });
        assertThat(header(published.get(2), "correlation-id"))
                .as("the approval and the ILR event it caused come from one command")
                .isEqualTo(header(published.get(3), "correlation-id"));
        assertThat(json.readTree(published.get(3).value()).get("empId").asInt()).isEqualTo(100000002);
        assertThat(jdbc.sql("SELECT payload_type, payload_revision FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number")
                .param(key).query((rs, n) -> rs.getString(1) + " v" + rs.getString(2)).list())
                .as("the event store records the schema version each event was written in")
                .containsExactly("LearnerRegistered v1", "ChangeRaised v3", "ChangeApproved v1", "EmployerChanged v1",
                        "ChangeRaised v3", "ChangeRejected v1");
    }

    @Test
    void theLagIsAMetricThatAdminsRead() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Answer lag = api.get("admin", "/actuator/metrics/" + PublicationLagMetrics.LAG);
            assertThat(lag.status()).isEqualTo(200);
            assertThat(lag.body().at("/measurements/0/value").asDouble()).isZero();
        });
        assertThat(api.get("admin", "/actuator/metrics/" + PublicationLagMetrics.DELAY).body()
                .at("/baseUnit").asText()).isEqualTo("seconds");
        assertThat(api.get("auditor", "/actuator/metrics/" + PublicationLagMetrics.LAG).status()).isEqualTo(403);
    }

    private String raise(String ref, String type, String effectiveDate, Map<String, Object> values, String evidence) {
        Api.Answer raised = api.post("raiser", PROVIDER + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effectiveDate, "values", values, "reason", "Learner told us", "evidence",
                List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }
}
