package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.testsupport.SampleLearners;

/** A withdrawal raised, approved and published, end to end through the HTTP API. */
@IntegrationTest
class WithdrawalEndToEndTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);

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

    private String register() {
        String ref = "W" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Api.Answer registered = api.post("admin", PROVIDER + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return ref;
    }

    private String evidence(String text) {
        Api.Answer uploaded = api.upload("raiser", "withdrawal-email.txt", text.getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        return uploaded.text("/evidenceId");
    }

    private Api.Answer raiseWithdrawal(String user, String ref, String evidenceId) {
        return api.post(user, PROVIDER + "/learners/" + ref + "/changes", Map.of(
                "type", "WITHDRAWAL",
                "effectiveDate", LAST_DAY.toString(),
                "values", Map.of("learnActEndDate", LAST_DAY.toString(), "withdrawReason", 97),
                "reason", "Learner emailed to say they have left the programme",
                "evidence", List.of(evidenceId)));
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    @Test
    void aWithdrawalRaisedAndApprovedByAnotherPersonEndsTheAimsAndIsAudited() {
        String ref = register();
        String evidenceId = evidence("From: learner@example.invalid\nI have left the course on 27 February.\n");

        Api.Answer raised = raiseWithdrawal("raiser", ref, evidenceId);
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        assertThat(raised.text("/status")).isEqualTo("RAISED");
        String changeId = raised.text("/changeId");

        Api.Answer approved = api.post("approver", "/api/changes/" + changeId + "/approval",
                Map.of("comment", "Email checked against the learner file"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("/status")).isEqualTo("APPROVED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode learner = api.get("auditor", PROVIDER + "/learners/" + ref).body();
            for (JsonNode aim : learner.get("learningDeliveries")) {
                assertThat(aim.get("compStatus").asInt()).isEqualTo(3);
                assertThat(aim.get("learnActEndDate").asText()).isEqualTo("2026-02-27");
                assertThat(aim.get("withdrawReason").asInt()).isEqualTo(97);
                assertThat(aim.get("outcome").asInt()).isEqualTo(3);
            }
        });
        JsonNode programme = api.get("auditor", PROVIDER + "/learners/" + ref).body().at("/learningDeliveries/0");
        assertThat(programme.at("/learningDeliveryFams/0/learnDelFAMDateTo").asText())
                .as("the ACT FAM of a standard closes on LearnActEndDate (R122)").isEqualTo("2026-02-27");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("auditor", PROVIDER + "/learners/" + ref + "/history").body().at("/1/status").asText())
                        .isEqualTo("APPROVED"));
        JsonNode history = api.get("auditor", PROVIDER + "/learners/" + ref + "/history").body();
        assertThat(history).hasSize(2);
        assertThat(history.at("/0/type").asText()).isEqualTo("REGISTRATION");
        JsonNode change = history.get(1);
        assertThat(change.get("type").asText()).isEqualTo("WITHDRAWAL");
        assertThat(change.get("raisedBy").asText()).isEqualTo("raiser");
        assertThat(change.get("decidedBy").asText()).isEqualTo("approver");
        assertThat(change.get("raisedAt").asText()).isNotBlank();
        assertThat(change.get("decidedAt").asText()).isNotBlank();
        assertThat(change.get("reason").asText()).isEqualTo("Learner emailed to say they have left the programme");
        assertThat(change.get("decisionComment").asText()).isEqualTo("Email checked against the learner file");
        assertThat(change.at("/evidence/0").asText()).isEqualTo(evidenceId);
        assertThat(fieldChange(change, 1, "compStatus")).isEqualTo(List.of("1", "3"));
        assertThat(fieldChange(change, 1, "learnActEndDate")).isEqualTo(java.util.Arrays.asList(null, "2026-02-27"));
        assertThat(fieldChange(change, 2, "withdrawReason")).isEqualTo(java.util.Arrays.asList(null, "97"));
        assertThat(fieldChange(change, 2, "outcome")).isEqualTo(java.util.Arrays.asList(null, "3"));

        List<ConsumerRecord<String, byte[]>> published = consume(SampleLearners.UKPRN + ":" + ref, 4);
        assertThat(published).extracting(r -> header(r, "event-type"))
                .containsExactly("LearnerRegistered", "ChangeRaised", "ChangeApproved", "LearnerWithdrawn");
        assertThat(published).extracting(r -> header(r, "event-id")).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(published).extracting(r -> header(r, "schema-version")).as("ChangeRaised is at version 3")
                .containsExactly("1", "3", "1", "1");
        JsonNode withdrawn = readJson(published.get(3).value());
        assertThat(withdrawn.get("approvedBy").asText()).isEqualTo("approver");
        assertThat(withdrawn.get("raisedBy").asText()).isEqualTo("raiser");
        assertThat(withdrawn.get("learnActEndDate").asText()).isEqualTo("2026-02-27");
    }

    @Test
    void theRaiserCannotApproveTheirOwnChangeAndNothingIsStored() {
        String ref = register();
        String changeId = raiseWithdrawal("approver", ref, evidence("own change")).text("/changeId");
        long before = storedEvents();

        Api.Answer own = api.post("approver", "/api/changes/" + changeId + "/approval", Map.of());

        assertThat(own.status()).isEqualTo(403);
        assertThat(own.headers().getContentType()).hasToString("application/problem+json");
        assertThat(own.text("/detail")).contains("four eyes");
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(api.post("approver2", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void approvingAChangeTwiceIsAConflictAndStoresNothing() {
        String ref = register();
        String changeId = raiseWithdrawal("raiser", ref, evidence("twice")).text("/changeId");
        assertThat(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);
        long before = storedEvents();

        Api.Answer again = api.post("approver2", "/api/changes/" + changeId + "/approval", Map.of());

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("/detail")).contains("already approved by approver");
        assertThat(again.text("/errors/0/field")).isEqualTo("changeId");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void malformedBodiesAreRefusedNamingTheFieldAndStoreNothing() {
        String ref = register();
        String evidenceId = evidence("malformed");
        long before = storedEvents();
        String changes = PROVIDER + "/learners/" + ref + "/changes";

        Api.Answer notJson = api.postRaw("raiser", changes, "{\"type\": \"WITHDRAWAL\", ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text("/errors/0/field")).isEqualTo("body");

        Api.Answer badDate = api.postRaw("raiser", changes, """
                {"type": "WITHDRAWAL", "effectiveDate": "2026-02-30", "values": {"withdrawReason": 97},
                 "reason": "left", "evidence": ["%s"]}""".formatted(evidenceId));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.text("/errors/0/field")).isEqualTo("effectiveDate");

        Api.Answer badValue = api.postRaw("raiser", changes, """
                {"type": "WITHDRAWAL", "effectiveDate": "2026-02-27", "values": {"withdrawReason": "soon"},
                 "reason": "left", "evidence": ["%s"]}""".formatted(evidenceId));
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.text("/errors/0/field")).isEqualTo("values.withdrawReason");

        Api.Answer unknownField = api.postRaw("raiser", changes, """
                {"type": "WITHDRAWAL", "effectiveDate": "2026-02-27", "values": {"withdrawReason": 97, "colour": 1},
                 "reason": "left", "evidence": ["%s"]}""".formatted(evidenceId));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.text("/errors/0/field")).isEqualTo("values.colour");

        Api.Answer badReason = api.postRaw("raiser", changes, """
                {"type": "WITHDRAWAL", "effectiveDate": "2026-02-27", "values": {"withdrawReason": 99},
                 "reason": "left", "evidence": ["%s"]}""".formatted(evidenceId));
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.text("/ruleId")).isEqualTo("WithdrawReason_01");
        assertThat(badReason.text("/errors/0/field")).isEqualTo("values.withdrawReason");

        Api.Answer noEvidence = api.postRaw("raiser", changes, """
                {"type": "WITHDRAWAL", "effectiveDate": "2026-02-27", "values": {"withdrawReason": 97},
                 "reason": "left", "evidence": ["%s"]}""".formatted("0".repeat(64)));
        assertThat(noEvidence.status()).isEqualTo(400);
        assertThat(noEvidence.text("/errors/0/field")).isEqualTo("evidence[0]");

        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aLearnerWithABadUlnCheckDigitIsRefusedNamingTheUln() throws Exception {
        JsonNode learner = json.valueToTree(SampleLearners.apprentice("BADULN1", START));
        ((com.fasterxml.jackson.databind.node.ObjectNode) learner).put("uln", 1234567890L);
        long before = storedEvents();

        Api.Answer refused = api.postRaw("admin", PROVIDER + "/learners", json.writeValueAsString(learner));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/errors/0/field")).isEqualTo("uln");
        assertThat(refused.text("/detail")).contains("check digit");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anUnknownLearnerIsNotFound() {
        Api.Answer missing = api.get("auditor", PROVIDER + "/learners/NOSUCH");
        assertThat(missing.status()).isEqualTo(404);
        Api.Answer change = raiseWithdrawal("raiser", "NOSUCH", evidence("nobody"));
        assertThat(change.status()).isEqualTo(404);
        assertThat(change.text("/errors/0/field")).isEqualTo("learnRefNumber");
    }

    @Test
    void rolesAreEnforcedWithProblemResponses() {
        String ref = register();
        assertThat(api.get(null, PROVIDER + "/learners/" + ref).status()).isEqualTo(401);
        Api.Answer auditorWrites = raiseWithdrawal("auditor", ref, evidence("auditor"));
        assertThat(auditorWrites.status()).isEqualTo(403);
        assertThat(auditorWrites.headers().getContentType()).hasToString("application/problem+json");
        assertThat(api.post("raiser", PROVIDER + "/learners", SampleLearners.apprentice("X1", START)).status())
                .isEqualTo(403);
        String changeId = raiseWithdrawal("raiser", ref, evidence("raiser")).text("/changeId");
        assertThat(api.post("raiser", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(403);
        assertThat(api.get("exporter", PROVIDER + "/learners/" + ref).status()).isEqualTo(403);
    }

    private static List<String> fieldChange(JsonNode change, int aimSeqNumber, String field) {
        for (JsonNode c : change.get("fieldChanges")) {
            if (c.get("field").asText().equals(field) && c.path("aimSeqNumber").asInt() == aimSeqNumber
                    && c.get("entity").asText().equals("LearningDelivery")) {
                return java.util.Arrays.asList(c.hasNonNull("oldValue") ? c.get("oldValue").asText() : null,
                        c.hasNonNull("newValue") ? c.get("newValue").asText() : null);
            }
        }
        throw new AssertionError("no change of " + field + " on aim " + aimSeqNumber + " in " + change);
    }

    private List<ConsumerRecord<String, byte[]>> consume(String key, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.topic()));
            long deadline = System.currentTimeMillis() + 30_000;
            // Delivery is at least once: like any consumer, keep the first record of each event id.
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (found.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key()) && seen.add(header(r, "event-id"))) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode readJson(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
