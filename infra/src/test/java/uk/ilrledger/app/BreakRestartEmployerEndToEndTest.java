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
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A break in learning, the restart and a change of employer, each raised and approved by two
 * people, with QA status going from verified back to pending; as trackers and auditors see it.
 */
@IntegrationTest
class BreakRestartEmployerEndToEndTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    Api api;
    String ref;
    String evidence;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ref = "B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", PROVIDER + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        evidence = api.upload("raiser", "signed-form.txt", ("Break form for " + ref).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
    }

    private String raiseAndApprove(String type, String effectiveDate, Map<String, Object> values, String reason) {
        Api.Answer raised = api.post("raiser", PROVIDER + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effectiveDate, "values", values, "reason", reason, "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        String changeId = raised.text("/changeId");
        Api.Answer approved = api.post("approver", "/api/changes/" + changeId + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return changeId;
    }

    private JsonNode learnerWhen(java.util.function.Predicate<JsonNode> ready) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode learner = api.get("auditor", PROVIDER + "/learners/" + ref).body();
            seen.add(0, learner);
            return ready.test(learner);
        });
        return seen.get(0);
    }

    @Test
    void aBreakThenARestartThenAChangeOfEmployer() {
        assertThat(api.post("approver", PROVIDER + "/learners/" + ref + "/qa-verification",
                Map.of("comment", "start pack checked")).text("/qaStatus")).isEqualTo("VERIFIED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("auditor", PROVIDER + "/learners/" + ref + "/qa").text("/qaStatus")).isEqualTo("VERIFIED"));

        raiseAndApprove("BREAK_IN_LEARNING", "2025-12-19", Map.of(), "Learner on medical leave");
        JsonNode onBreak = learnerWhen(l -> l.at("/learningDeliveries/0/compStatus").asInt() == 6);
        assertThat(onBreak.at("/learningDeliveries/0/learnActEndDate").asText()).isEqualTo("2025-12-19");
        assertThat(onBreak.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(3);
        assertThat(onBreak.at("/learningDeliveries/0/withdrawReason").isMissingNode()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("auditor", PROVIDER + "/learners/" + ref + "/qa").text("/qaStatus")).isEqualTo("PENDING"));

        Api.Answer restartWithoutEnd = api.post("raiser", PROVIDER + "/learners/" + ref + "/changes", Map.of(
                "type", "RESTART", "effectiveDate", "2026-02-02", "values", Map.of("tnp1", 6000),
                "reason", "back", "evidence", List.of(evidence)));
        assertThat(restartWithoutEnd.status()).isEqualTo(400);
        assertThat(restartWithoutEnd.text("/errors/0/field")).isEqualTo("values.learnPlanEndDate");

        raiseAndApprove("RESTART", "2026-02-02",
                Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 6000, "tnp2", 1000), "Returned from medical leave");
        JsonNode restarted = learnerWhen(l -> l.get("learningDeliveries").size() == 4);
        JsonNode newProgramme = restarted.at("/learningDeliveries/2");
        assertThat(newProgramme.get("aimSeqNumber").asInt()).isEqualTo(3);
        assertThat(newProgramme.get("learnStartDate").asText()).isEqualTo("2026-02-02");
        assertThat(newProgramme.get("origLearnStartDate").asText()).isEqualTo("2025-09-01");
        assertThat(newProgramme.get("compStatus").asInt()).isEqualTo(1);
        assertThat(newProgramme.findValuesAsText("learnDelFAMType")).containsExactly("ACT", "RES");
        assertThat(restarted.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(6);

        raiseAndApprove("CHANGE_OF_EMPLOYER", "2026-03-02", Map.of("empId", 100000002, "tnp3", 4000, "tnp4", 800),
                "New employer from March");
        JsonNode moved = learnerWhen(l -> l.get("learnerEmploymentStatuses").size() == 2);
        assertThat(moved.at("/learnerEmploymentStatuses/1/empId").asInt()).isEqualTo(100000002);
        assertThat(moved.at("/learnerEmploymentStatuses/1/dateEmpStatApp").asText()).isEqualTo("2026-03-02");
        assertThat(moved.at("/learningDeliveries/2").findValuesAsText("aFinDate")).contains("2026-03-02");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("auditor", PROVIDER + "/learners/" + ref + "/history").body().size() == 5);
        JsonNode history = api.get("auditor", PROVIDER + "/learners/" + ref + "/history").body();
        assertThat(history.findValuesAsText("type"))
                .containsExactly("REGISTRATION", "QA_VERIFIED", "BREAK_IN_LEARNING", "RESTART", "CHANGE_OF_EMPLOYER");
        assertThat(history.get(4).get("raisedBy").asText()).isEqualTo("raiser");
        assertThat(history.get(4).get("decidedBy").asText()).isEqualTo("approver");
        assertThat(history.get(3).get("fieldChanges").findValuesAsText("field")).contains("origLearnStartDate");

        JsonNode queue = api.get("auditor", "/api/changes?ukprn=" + SampleLearners.UKPRN).body();
        JsonNode mine = null;
        for (JsonNode change : queue) {
            if (change.get("learnRefNumber").asText().equals(ref)) {
                mine = change;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("qaStatus").asText()).isEqualTo("PENDING");
        assertThat(api.get("auditor", PROVIDER + "/learners/" + ref + "/verification").body().get("intact").asBoolean())
                .isTrue();
    }
}
