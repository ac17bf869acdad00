package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.ProviderScenario.learnerIn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Aims added to a recorded learner, and aims recorded in error removed, through the API: the request,
 * a wrong one's problem response naming the field and the rule, the learner's ILR and history, the
 * R-return snapshots, the diff against a submitted return and the 2025-26 ILR file.
 */
@IntegrationTest
class AddedAndRemovedAimsApiTest extends ProviderScenarioTest {

    @Test
    void aMissingComponentIsAddedWithTheNextAimSeqNumberFromItsStart() {
        provider.register(SampleLearners.apprentice("ADD1", START));
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-13", Map.of())), 400, null,
                "values.learningDelivery.learnStartDate");
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-12", Map.of("aimSeqNumber", 2))), 400,
                "AimSeqNumber_02", "values.learningDelivery.aimSeqNumber");
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-12", Map.of("learnPlanEndDate", "2026-01-11"))),
                400, "LearnPlanEndDate_02", "values.learningDelivery.learnPlanEndDate");
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-12", Map.of("fundModel", 37))), 400,
                "FundModel_01", "values.learningDelivery.fundModel");
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-12", Map.of("compStatus", 3))), 400,
                "WithdrawReason_03", "values.learningDelivery.withdrawReason");
        provider.refused(add("ADD1", "2026-01-12", component("2026-01-12", Map.of()), "1"), 400, null, "aims");
        Map<String, Object> noAimRef = component("2026-01-12", Map.of());
        noAimRef.remove("learnAimRef");
        provider.refused(add("ADD1", "2026-01-12", noAimRef), 400, null, "values.learningDelivery.learnAimRef");

        String changeId = provider.approve(add("ADD1", "2026-01-12", component("2026-01-12", Map.of())));
        JsonNode added = provider.learnerWhen("ADD1", l -> l.get("learningDeliveries").size() == 3);
        JsonNode aim = added.at("/learningDeliveries/2");
        assertThat(aim.get("aimSeqNumber").asInt()).as("the next free number").isEqualTo(3);
        assertThat(aim.get("learnAimRef").asText()).isEqualTo("60347435");
        assertThat(aim.get("swSupAimId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isNotIn(added.get("learningDeliveries").findValuesAsText("swSupAimId").subList(0, 2));
        JsonNode entry = provider.historyOf("ADD1", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("ADD_AIM");
        assertThat(entry.get("decidedBy").asText()).isEqualTo("approver");
        assertThat(entry.get("fieldChanges").findValuesAsText("swSupAimId")).containsOnly(aim.get("swSupAimId").asText());
        provider.refused(add("ADD1", "2026-01-19", component("2026-01-19",
                Map.of("swSupAimId", aim.get("swSupAimId").asText()))), 400, "SWSupAimId_02",
                "values.learningDelivery.swSupAimId");

        JsonNode december = learnerIn(provider.snapshot("2526", "R05"), "ADD1");
        assertThat(december.get("learningDeliveries").findValuesAsText("aimSeqNumber")).as("R05: before it started")
                .containsExactly("1", "2");
        JsonNode january = learnerIn(provider.snapshot("2526", "R06"), "ADD1");
        assertThat(january.get("learningDeliveries").findValuesAsText("aimSeqNumber")).containsExactly("1", "2", "3");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R06"));
        assertThat(file.all("AimSeqNumber")).containsExactly("1", "2", "3");
        assertThat(file.all("LearnAimRef")).containsExactly("ZPROG001", "60000001", "60347435");
        assertThat(file.all("LearnStartDate")).containsExactly("2025-09-01", "2025-09-01", "2026-01-12");
    }

    @Test
    void aNewProgrammeAfterAWithdrawalKeepsTheAimKeyItWasGiven() {
        provider.register(SampleLearners.apprentice("ADD2", START));
        provider.approve(provider.raise("ADD2", "WITHDRAWAL", "2025-11-14", Map.of("withdrawReason", 97)));
        provider.learnerWhen("ADD2", l -> l.at("/learningDeliveries/0/compStatus").asInt() == 3);

        String key = "5e1d2c3b-4a59-4687-9a0b-c1d2e3f4a5b6";
        Map<String, Object> programme = new HashMap<>(component("2026-02-02", Map.of("learnAimRef", "ZPROG001",
                "aimType", 1, "stdCode", 92, "swSupAimId", key)));
        programme.put("appFinRecords", List.of(Map.of("aFinType", "TNP", "aFinCode", 1, "aFinDate", "2026-02-02",
                "aFinAmount", 12000)));
        provider.approve(add("ADD2", "2026-02-02", programme));
        JsonNode learner = provider.learnerWhen("ADD2", l -> l.get("learningDeliveries").size() == 3);
        assertThat(learner.at("/learningDeliveries/2/swSupAimId").asText()).isEqualTo(key);
        assertThat(learner.at("/learningDeliveries/2/stdCode").asInt()).isEqualTo(92);
        assertThat(learner.get("learningDeliveries").findValuesAsText("compStatus")).containsExactly("3", "3", "1");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R07"));
        assertThat(file.all("SWSupAimId")).contains(key);
        assertThat(file.all("StdCode")).containsExactly("91", "91", "92");
    }

    @Test
    void anAimRecordedInErrorLeavesEveryReturnNotYetSubmittedAndTheDiffShowsItLeaving() {
        provider.register(SampleLearners.apprentice("REM1", START));
        provider.approve(add("REM1", "2025-10-06", component("2025-10-06", Map.of())));
        provider.learnerWhen("REM1", l -> l.get("learningDeliveries").size() == 3);
        String wrong = provider.learnerWhen("REM1", l -> true).at("/learningDeliveries/2/swSupAimId").asText();
        byte[] sent = provider.export("2526", "R03");
        assertThat(IlrFile.valid(IlrSchema.Y2526, sent).all("AimSeqNumber")).containsExactly("1", "2", "3");
        Api.Download file = provider.api.download("exporter", provider.provider + "/returns/2526/R03/ilr.xml");
        Api.Answer submitted = provider.api.post("exporter", provider.provider + "/returns/2526/R03/submissions",
                Map.of("fileName", file.fileName()));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        String submissionId = submitted.text("/submissionId");

        provider.refused(provider.raise("REM1", "REMOVE_AIM", "2025-10-06", Map.of()), 400, null, "aims");
        provider.refused(provider.raise("REM1", "REMOVE_AIM", "2025-11-03", Map.of(), "3"), 400,
                "LDG_RemovalFromStart", "effectiveDate");
        provider.refused(provider.raise("REM1", "REMOVE_AIM", "2025-09-01", Map.of(), "1", "2", "3"), 409,
                "LDG_LastAim", "aims");
        Api.Answer raised = provider.raise("REM1", "REMOVE_AIM", "2025-10-06", Map.of(), "3");
        assertThat(learnerIn(provider.snapshot("2526", "R04"), "REM1").get("learningDeliveries").size())
                .as("raised, not yet approved: the aim is still returned").isEqualTo(3);

        String changeId = provider.approve(raised);
        JsonNode learner = provider.learnerWhen("REM1", l -> l.get("learningDeliveries").size() == 2);
        assertThat(learner.get("learningDeliveries").findValuesAsText("swSupAimId")).doesNotContain(wrong);
        JsonNode entry = provider.historyOf("REM1", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("REMOVE_AIM");
        assertThat(entry.get("fieldChanges").findValuesAsText("swSupAimId")).containsOnly(wrong);
        assertThat(entry.get("fieldChanges").findValuesAsText("oldValue")).contains("60347435", "2025-10-06");
        JsonNode history = provider.api.get("auditor", provider.provider + "/learners/REM1/history").body();
        assertThat(history.findValuesAsText("type")).as("the aim's addition stays in the history")
                .contains("ADD_AIM", "REMOVE_AIM");

        for (String period : List.of("R03", "R04")) {
            assertThat(learnerIn(provider.snapshot("2526", period), "REM1").get("learningDeliveries")
                    .findValuesAsText("swSupAimId")).as(period).doesNotContain(wrong).hasSize(2);
        }
        JsonNode asSubmitted = provider.api.get("auditor", provider.provider + "/returns/2526/R03/submissions/"
                + submissionId).body();
        assertThat(asSubmitted.get("sameAsSubmitted").asBoolean()).isTrue();
        assertThat(asSubmitted.at("/snapshot/learners/0/learner/learningDeliveries").findValuesAsText("swSupAimId"))
                .as("the submitted file keeps what it held").contains(wrong);
        JsonNode diff = provider.api.get("auditor", provider.provider + "/returns/2526/R03/diff?against="
                + submissionId).body();
        JsonNode leaving = null;
        for (JsonNode difference : diff.get("differences")) {
            if (wrong.equals(difference.path("swSupAimId").asText()) && difference.get("field").asText().equals("learnAimRef")) {
                leaving = difference;
            }
        }
        assertThat(leaving).as(diff.toString()).isNotNull();
        assertThat(leaving.get("before").asText()).isEqualTo("60347435");
        assertThat(leaving.path("after").isNull() || leaving.path("after").isMissingNode()).as("gone").isTrue();
        assertThat(leaving.at("/causedBy/0/eventType").asText()).isEqualTo("AimRemoved");
        assertThat(leaving.at("/causedBy/0/changeId").asText()).isEqualTo(changeId);
        IlrFile after = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R04"));
        assertThat(after.all("LearnAimRef")).containsExactly("ZPROG001", "60000001");
    }

    private Api.Answer add(String ref, String effective, Map<String, Object> aim, Object... aims) {
        return provider.raise(ref, "ADD_AIM", effective, Map.of("learningDelivery", aim), aims);
    }

    /** A maths component of standard 91 from {@code start}, with {@code overrides} over its fields. */
    private static Map<String, Object> component(String start, Map<String, Object> overrides) {
        Map<String, Object> aim = new HashMap<>();
        aim.put("learnAimRef", "60347435");
        aim.put("aimType", 3);
        aim.put("learnStartDate", start);
        aim.put("learnPlanEndDate", "2026-07-31");
        aim.put("fundModel", 36);
        aim.put("progType", 25);
        aim.put("stdCode", 91);
        aim.put("delLocPostCode", "ZZ99 9ZZ");
        aim.put("compStatus", 1);
        aim.put("learningDeliveryFams", List.of(Map.of("learnDelFAMType", "ACT", "learnDelFAMCode", "1",
                "learnDelFAMDateFrom", start)));
        aim.put("appFinRecords", List.of());
        aim.putAll(overrides);
        return aim;
    }
}
