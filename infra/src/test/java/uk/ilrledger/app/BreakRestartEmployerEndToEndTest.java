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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
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
    @Autowired
    JdbcClient jdbc;

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

    /**
     * Made redundant, then a break, then a new employer during the break, then the restart: the
     * redundancy is EmpStat 11 with its monitoring, the restart waits for the new employer (R110) and
     * is priced residual (TNP3/TNP4), each restarted aim on its own terms; the R-return snapshot and
     * the 2025-26 file carry all of it.
     */
    @Test
    void aRedundancyThenABreakThenANewEmployerThenARestartPricedResidual() {
        int ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        String provider = "/api/providers/" + ukprn;
        assertThat(api.post("admin", provider + "/learners", SampleLearners.apprentice(ref,
                LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        String changes = provider + "/learners/" + ref + "/changes";

        refused(api.post("raiser", changes, change("CHANGE_OF_EMPLOYER", "2025-12-15",
                Map.of("empStat", 11, "empId", 123456789))), "EmpId_14", "values.empId");
        refused(api.post("raiser", changes, change("CHANGE_OF_EMPLOYER", "2025-12-15", Map.of("empStat", 11,
                "employmentStatusMonitorings", List.of(Map.of("esmType", "LOU", "esmCode", 9))))), "ESMType_01",
                "values.employmentStatusMonitorings[0].esmCode");
        approve(api.post("raiser", changes, change("CHANGE_OF_EMPLOYER", "2025-12-15", Map.of("empStat", 11,
                "employmentStatusMonitorings", List.of(Map.of("esmType", "LOU", "esmCode", 1),
                        Map.of("esmType", "BSI", "esmCode", 4))))));
        approve(api.post("raiser", changes, change("BREAK_IN_LEARNING", "2025-12-19", Map.of())));

        Map<String, Object> restart = Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 6000, "tnp2", 1000,
                "pHours", 300);
        refused(api.post("raiser", changes, change("RESTART", "2026-02-02", restart)), "R110",
                "values.learnStartDate");
        refused(api.post("raiser", changes, change("CHANGE_OF_EMPLOYER", "2026-01-19",
                Map.of("empId", 100000002, "tnp3", 4000))), "AFinDate_13", "values.tnp3");
        approve(api.post("raiser", changes, change("CHANGE_OF_EMPLOYER", "2026-01-19", Map.of("empId", 100000002,
                "employmentStatusMonitorings", List.of(Map.of("esmType", "EII", "esmCode", 8))))));

        refused(api.post("raiser", changes, change("RESTART", "2026-02-02", restart)), "AFinDate_05", "values.tnp1");
        String component = api.get("auditor", provider + "/learners/" + ref).text("/learningDeliveries/1/swSupAimId");
        refused(api.post("raiser", changes, change("RESTART", "2026-02-02", Map.of("learnPlanEndDate", "2027-06-30",
                "tnp3", 4000, "tnp4", 800, "pHours", 300, "learningDeliveries",
                List.of(Map.of("swSupAimId", "NOT-AN-AIM"))))), null, "values.learningDeliveries[0].swSupAimId");
        approve(api.post("raiser", changes, change("RESTART", "2026-02-02", Map.of("learnPlanEndDate", "2027-06-30",
                "tnp3", 4000, "tnp4", 800, "pHours", 300, "learningDeliveries",
                List.of(Map.of("swSupAimId", component, "learnPlanEndDate", "2026-12-31"))))));

        JsonNode learner = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("auditor", provider + "/learners/" + ref).body(),
                l -> l.get("learningDeliveries").size() == 4);
        assertThat(learner.get("learnerEmploymentStatuses").findValuesAsText("empStat"))
                .containsExactly("10", "11", "10");
        assertThat(learner.at("/learnerEmploymentStatuses/1/empId").isMissingNode()).isTrue();
        assertThat(learner.at("/learnerEmploymentStatuses/1/employmentStatusMonitorings").findValuesAsText("esmType"))
                .containsExactly("LOU", "BSI");
        assertThat(learner.at("/learnerEmploymentStatuses/2/empId").asInt()).isEqualTo(100000002);
        JsonNode onBreak = learner.at("/learningDeliveries/0");
        assertThat(onBreak.get("compStatus").asInt()).isEqualTo(6);
        assertThat(onBreak.get("appFinRecords").findValuesAsText("aFinCode")).as("nothing priced after the break began")
                .containsExactly("1", "2");
        JsonNode programme = learner.at("/learningDeliveries/2");
        assertThat(programme.get("learnStartDate").asText()).isEqualTo("2026-02-02");
        assertThat(programme.get("origLearnStartDate").asText()).isEqualTo("2025-09-01");
        assertThat(programme.get("learnPlanEndDate").asText()).isEqualTo("2027-06-30");
        assertThat(programme.get("pHours").asInt()).isEqualTo(300);
        assertThat(programme.get("appFinRecords").findValuesAsText("aFinCode")).containsExactly("3", "4");
        assertThat(programme.get("appFinRecords").findValuesAsText("aFinDate")).containsOnly("2026-02-02");
        assertThat(programme.get("appFinRecords").findValuesAsText("aFinAmount")).containsExactly("4000", "800");
        assertThat(programme.get("learningDeliveryFams").findValuesAsText("learnDelFAMType")).containsExactly("ACT", "RES");
        JsonNode restartedComponent = learner.at("/learningDeliveries/3");
        assertThat(restartedComponent.get("learnPlanEndDate").asText()).as("its own").isEqualTo("2026-12-31");
        assertThat(restartedComponent.has("pHours")).as("none planned, none copied").isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", provider + "/learners/" + ref
                + "/history").body().size() == 5);
        JsonNode history = api.get("auditor", provider + "/learners/" + ref + "/history").body();
        assertThat(history.findValuesAsText("type")).containsExactly("REGISTRATION", "CHANGE_OF_EMPLOYER",
                "BREAK_IN_LEARNING", "CHANGE_OF_EMPLOYER", "RESTART");
        assertThat(history.get(1).get("fieldChanges").findValuesAsText("newValue")).contains("11");
        assertThat(history.get(4).get("fieldChanges").findValuesAsText("newValue")).contains("4000", "800");

        JsonNode february = learnerIn(snapshot(provider, "R07"), ref);
        assertThat(february.get("learningDeliveries")).hasSize(4);
        assertThat(february.at("/learnerEmploymentStatuses/1/employmentStatusMonitorings/0/esmType").asText())
                .isEqualTo("LOU");
        JsonNode december = learnerIn(snapshot(provider, "R05"), ref);
        assertThat(december.get("learnerEmploymentStatuses").findValuesAsText("empStat")).as("R05: the redundancy only")
                .containsExactly("10", "11");

        snapshot(provider, "R07");
        Api.Download download = api.download("exporter", provider + "/returns/2526/R07/ilr.xml");
        assertThat(download.status()).isEqualTo(200);
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, download.bytes());
        assertThat(file.all("EmpStat")).containsExactly("10", "11", "10");
        assertThat(file.all("ESMType")).containsExactly("LOU", "BSI", "EII");
        assertThat(file.all("OrigLearnStartDate")).containsExactly("2025-09-01", "2025-09-01");
        assertThat(file.all("AFinCode")).containsExactly("1", "2", "3", "4");
        assertThat(file.all("PHours")).containsExactly("400", "300");
    }

    private Map<String, Object> change(String type, String effectiveDate, Map<String, Object> values) {
        return Map.of("type", type, "effectiveDate", effectiveDate, "values", values, "reason", type + " of " + ref,
                "evidence", List.of(evidence));
    }

    private void approve(Api.Answer raised) {
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    private void refused(Api.Answer answer, String ruleId, String field) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.text("/errors/0/field")).as(answer.body().toString()).isEqualTo(field);
        if (ruleId != null) {
            assertThat(answer.text("/ruleId")).isEqualTo(ruleId);
        }
    }

    private JsonNode snapshot(String provider, String period) {
        long last = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")
                .query(Long.class).single();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/2526/" + period)
                .body().get("position").asLong() >= last);
        Api.Answer answer = api.get("exporter", provider + "/returns/2526/" + period);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode learnerIn(JsonNode snapshot, String ref) {
        for (JsonNode learner : snapshot.get("learners")) {
            if (learner.at("/learner/learnRefNumber").asText().equals(ref)) {
                return learner.get("learner");
            }
        }
        throw new AssertionError(ref + " is not in " + snapshot);
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
                Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 6000, "tnp2", 1000, "pHours", 320),
                "Returned from medical leave");
        JsonNode restarted = learnerWhen(l -> l.get("learningDeliveries").size() == 4);
        JsonNode newProgramme = restarted.at("/learningDeliveries/2");
        assertThat(newProgramme.get("aimSeqNumber").asInt()).isEqualTo(3);
        assertThat(newProgramme.get("learnStartDate").asText()).isEqualTo("2026-02-02");
        assertThat(newProgramme.get("origLearnStartDate").asText()).isEqualTo("2025-09-01");
        assertThat(newProgramme.get("compStatus").asInt()).isEqualTo(1);
        assertThat(newProgramme.findValuesAsText("learnDelFAMType")).containsExactly("ACT", "RES");
        assertThat(newProgramme.get("pHours").asInt()).as("proposed, not the original's 400").isEqualTo(320);
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
