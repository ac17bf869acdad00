package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which aims are in a year's return and why, one scenario per inclusion reason, through the API on
 * the real store. Dates are real dates of 2024-25 to 2026-27; "today" is after 2025-26's R14.
 */
@IntegrationTest
class ReturnSnapshotScenariosTest extends ProviderScenarioTest {

    private Api api() {
        return provider.api;
    }

    /** {@code /api/providers/{ukprn}}. */
    private String path() {
        return provider.provider;
    }

    /** LearnRefNumber → (LearnAimRef + "@" + LearnStartDate → inclusion reason). */
    private static Map<String, Map<String, String>> reasons(JsonNode snapshot) {
        Map<String, Map<String, String>> reasons = new LinkedHashMap<>();
        for (JsonNode learner : snapshot.get("learners")) {
            Map<String, String> aims = new LinkedHashMap<>();
            JsonNode deliveries = learner.at("/learner/learningDeliveries");
            for (int i = 0; i < deliveries.size(); i++) {
                aims.put(deliveries.get(i).get("learnAimRef").asText() + "@" + deliveries.get(i).get("learnStartDate").asText(),
                        learner.at("/inclusions/" + i + "/inclusionReason").asText());
            }
            reasons.put(learner.at("/learner/learnRefNumber").asText(), aims);
        }
        return reasons;
    }

    @Test
    void eachAimOf2025To26IsInTheReturnForTheFirstReasonThatApplies() {
        provider.register("STARTED", "2025-09-01", "2027-03-01");
        provider.register("CONTINUING", "2024-09-02", "2026-03-01");
        provider.register("ENDED", "2024-10-01", "2026-06-01");
        provider.change("ENDED", "WITHDRAWAL", "2025-11-28", Map.of("withdrawReason", 97));
        provider.register("PENDING", "2023-09-04", "2025-07-31");
        provider.change("PENDING", "COMPLETION", "2025-06-30", Map.of());
        provider.register("ONBREAK", "2024-09-02", "2026-05-01");
        provider.change("ONBREAK", "BREAK_IN_LEARNING", "2025-07-15", Map.of());
        provider.register("LINKED", "2024-09-02", "2026-08-01");
        provider.change("LINKED", "WITHDRAWAL", "2024-12-31", Map.of("withdrawReason", 97), 2);
        provider.register("GONE", "2023-09-04", "2024-06-28");
        provider.change("GONE", "WITHDRAWAL", "2024-03-29", Map.of("withdrawReason", 97));

        assertThat(api().post("approver", path() + "/learners/CONTINUING/qa-verification", Map.of()).status())
                .isEqualTo(200);
        assertThat(api().post("approver", path() + "/learners/ENDED/qa-verification", Map.of()).status())
                .isEqualTo(200);
        provider.change("ENDED", "OUTCOME", "2025-11-28", Map.of("outcome", 3));
        JsonNode r14 = provider.snapshot("2526", "R14");
        Map<String, Map<String, String>> reasons = reasons(r14);
        Map<String, String> qa = new LinkedHashMap<>();
        r14.get("learners").forEach(l -> qa.put(l.at("/learner/learnRefNumber").asText(), l.get("qaStatus").asText()));
        assertThat(qa).as("verified, and verified then changed").containsEntry("CONTINUING", "VERIFIED")
                .containsEntry("ENDED", "PENDING").containsEntry("STARTED", "PENDING");

        assertThat(reasons.get("STARTED")).containsOnly(
                Map.entry("ZPROG001@2025-09-01", "STARTED_IN_YEAR"), Map.entry("60000001@2025-09-01", "STARTED_IN_YEAR"));
        assertThat(reasons.get("CONTINUING")).containsValues("CONTINUING").doesNotContainValue("STARTED_IN_YEAR");
        assertThat(reasons.get("ENDED").values()).containsOnly("ENDED_IN_YEAR");
        assertThat(reasons.get("PENDING").values()).containsOnly("OUTCOME_PENDING");
        assertThat(reasons.get("ONBREAK").values()).containsOnly("BREAK_AWAITING_RESTART");
        assertThat(reasons.get("LINKED")).containsOnly(
                Map.entry("ZPROG001@2024-09-02", "CONTINUING"), Map.entry("60000001@2024-09-02", "LINKED_TO_PROGRAMME"));
        assertThat(reasons).doesNotContainKey("GONE");
    }

    @Test
    void aBreakIn2025To26WithARestartIn2026To27() {
        provider.register("BRK", "2025-01-06", "2026-12-18");
        provider.change("BRK", "BREAK_IN_LEARNING", "2026-03-31", Map.of());
        provider.change("BRK", "RESTART", "2026-09-01", Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 5000, "tnp2", 800,
                "pHours", 250));

        assertThat(reasons(provider.snapshot("2526", "R14")).get("BRK").values()).containsOnly("ENDED_IN_YEAR");
        assertThat(reasons(provider.snapshot("2627", "R01")).get("BRK")).as("the restart takes effect in September")
                .containsOnly(Map.entry("ZPROG001@2025-01-06", "BREAK_AWAITING_RESTART"),
                        Map.entry("60000001@2025-01-06", "BREAK_AWAITING_RESTART"));
        // The DfE's migration specification: in the restart year the file holds the original aims beside
        // the restart aims, so nobody has to force-include them.
        JsonNode r03 = provider.snapshot("2627", "R03");
        assertThat(reasons(r03).get("BRK")).as("once restarted the originals stay beside the restart aims")
                .containsOnly(Map.entry("ZPROG001@2025-01-06", "BREAK_AWAITING_RESTART"),
                        Map.entry("60000001@2025-01-06", "BREAK_AWAITING_RESTART"),
                        Map.entry("ZPROG001@2026-09-01", "STARTED_IN_YEAR"),
                        Map.entry("60000001@2026-09-01", "STARTED_IN_YEAR"));
        assertThat(r03.at("/learners/0/learner/learningDeliveries").findValuesAsText("compStatus"))
                .containsExactly("6", "6", "1", "1");
        assertThat(r03.at("/learners/0/learner/learningDeliveries").findValuesAsText("aimSeqNumber"))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void aLearnerWithdrawnInto2025To26AfterItsR14ClosedStaysIn2026To27OnlyWhenForceIncluded() {
        provider.register("LEFT", "2024-09-02", "2027-01-29");
        assertThat(reasons(provider.snapshot("2627", "R03")).get("LEFT").values()).containsOnly("CONTINUING");

        provider.change("LEFT", "WITHDRAWAL", "2026-05-29", Map.of("withdrawReason", 97));
        assertThat(reasons(provider.snapshot("2627", "R03"))).as("its dates now fall in 2025-26").doesNotContainKey("LEFT");
        assertThat(reasons(provider.snapshot("2526", "R14")).get("LEFT").values()).containsOnly("ENDED_IN_YEAR");

        provider.change("LEFT", "FORCE_INCLUDE", "2026-10-30", Map.of("year", "2627"), 1, 2);
        JsonNode r03 = provider.snapshot("2627", "R03");
        assertThat(reasons(r03).get("LEFT").values()).containsOnly("FORCE_INCLUDED");
        JsonNode forced = r03.at("/learners/0/inclusions/0");
        assertThat(forced.get("forceIncludedBy").asText()).isEqualTo("raiser, approved by approver");
        assertThat(forced.get("forceIncludeReason").asText()).isEqualTo("FORCE_INCLUDE of LEFT");
    }

    @Test
    void aFileSubmittedAfterALaterChangeStillKeepsItsAimsInTheNextReturnAtOnce() {
        provider.register("LATE", "2024-09-02", "2026-06-30");
        provider.snapshot("2526", "R01");
        Api.Download file = api().download("exporter", path() + "/returns/2526/R01/ilr.xml");
        assertThat(file.status()).isEqualTo(200);
        // The change is approved after the file was made and before its submission is recorded: no learner
        // event follows the submission, so nothing but the submission itself moves the store past it.
        provider.change("LATE", "WITHDRAWAL", "2025-07-31", Map.of("withdrawReason", 97));
        Api.Answer submitted = api().post("exporter", path() + "/returns/2526/R01/submissions",
                Map.of("fileName", file.fileName()));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        String submissionId = submitted.text("/submissionId");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM return_submission WHERE submission_id = CAST(? AS uuid)").param(submissionId)
                .query(Long.class).single() == 1);

        assertThat(reasons(provider.snapshot("2526", "R02")).get("LATE"))
                .as("withdrawn back into 2024-25, but returned in the R01 file submitted since").isNotNull();
        assertThat(reasons(provider.snapshot("2526", "R02")).get("LATE").values()).containsOnly("ALREADY_RETURNED");
    }

    @Test
    void aSubmittedReturnKeepsItsAimsAndIsRebuiltByteForByteAfterLaterChanges() {
        provider.register("SUB", "2024-09-02", "2026-06-30");
        provider.snapshot("2526", "R01");
        Api.Download file = api().download("exporter", path() + "/returns/2526/R01/ilr.xml");
        assertThat(file.status()).isEqualTo(200);
        Api.Answer submitted = api().post("exporter", path() + "/returns/2526/R01/submissions",
                Map.of("fileName", file.fileName()));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        String submissionId = submitted.text("/submissionId");
        String sha = submitted.text("/sha256");

        provider.change("SUB", "WITHDRAWAL", "2025-07-31", Map.of("withdrawReason", 97));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM return_submission WHERE submission_id = CAST(? AS uuid)").param(submissionId)
                .query(Long.class).single() == 1);

        assertThat(reasons(provider.snapshot("2526", "R02")).get("SUB").values())
                .as("withdrawn back into 2024-25, but already returned in R01").containsOnly("ALREADY_RETURNED");
        JsonNode again = api().get("auditor", path() + "/returns/2526/R01/submissions/" + submissionId).body();
        assertThat(again.get("sameAsSubmitted").asBoolean()).isTrue();
        assertThat(sha).as("the submitted file's bytes").isEqualTo(file.sha256());
        assertThat(again.at("/submission/sha256").asText()).isEqualTo(sha);
        assertThat(again.at("/snapshot/learners/0/learner/learningDeliveries/0/compStatus").asInt()).isEqualTo(1);

        JsonNode diff = api().get("auditor", path() + "/returns/2526/R01/diff?against=" + submissionId).body();
        JsonNode compStatus = null;
        for (JsonNode difference : diff.get("differences")) {
            if (difference.get("field").asText().equals("compStatus") && difference.get("aimSeqNumber").asInt() == 1) {
                compStatus = difference;
            }
        }
        assertThat(compStatus).as(diff.toString()).isNotNull();
        assertThat(compStatus.get("before").asText()).isEqualTo("1");
        assertThat(compStatus.get("after").asText()).isEqualTo("3");
        assertThat(compStatus.at("/causedBy/0/eventType").asText()).isEqualTo("LearnerWithdrawn");
    }

    @Test
    void twoPeriodsDifferByTheChangesTakingEffectBetweenThem() {
        provider.register("MOVE", "2025-09-01", "2027-03-01");
        provider.change("MOVE", "WITHDRAWAL", "2025-11-28", Map.of("withdrawReason", 97));
        provider.snapshot("2526", "R04");

        JsonNode diff = api().get("auditor", path() + "/returns/2526/R04/diff?against=R03").body();

        assertThat(diff.get("differences").findValuesAsText("field")).contains("compStatus", "learnActEndDate",
                "withdrawReason", "outcome");
        assertThat(diff.get("differences").findValuesAsText("eventType")).containsOnly("LearnerWithdrawn");
    }
}
