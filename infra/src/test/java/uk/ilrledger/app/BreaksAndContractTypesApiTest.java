package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.ProviderScenario.learnerIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A learner who does not return from a break, and a change of contract type (ACT), through the API:
 * the request, a wrong one's problem response, the learner's ILR and history, the R-return snapshots
 * and the 2025-26 ILR file.
 */
@IntegrationTest
class BreaksAndContractTypesApiTest extends ProviderScenarioTest {

    @Test
    void aLearnerWhoWillNotReturnFromABreakIsWithdrawnFromTheDayBeforeIt() {
        provider.register(SampleLearners.apprentice("DNR1", START));
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-02", Map.of("withdrawReason", 3)), 409,
                "LDG_NoAim", "aims");
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-02", Map.of("withdrawReason", 3), "1"), 409,
                "LDG_NotOnBreak", "aims[0]");

        provider.approve(provider.raise("DNR1", "BREAK_IN_LEARNING", "2025-12-19", Map.of()));
        provider.learnerWhen("DNR1", l -> l.at("/learningDeliveries/1/compStatus").asInt() == 6);
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-02", Map.of()), 400, "WithdrawReason_03",
                "values.withdrawReason");
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-02", Map.of("withdrawReason", 99)), 400,
                "WithdrawReason_01", "values.withdrawReason");
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2025-12-19", Map.of("withdrawReason", 3)), 400,
                "LDG_DidNotReturnBeforeBreak", "effectiveDate");

        String changeId = provider.approve(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-02",
                Map.of("withdrawReason", 3)));
        JsonNode withdrawn = provider.learnerWhen("DNR1", l -> l.at("/learningDeliveries/1/compStatus").asInt() == 3);
        for (JsonNode aim : withdrawn.get("learningDeliveries")) {
            assertThat(aim.get("compStatus").asInt()).isEqualTo(3);
            assertThat(aim.get("withdrawReason").asInt()).isEqualTo(3);
            assertThat(aim.get("learnActEndDate").asText()).as("the last day before the break").isEqualTo("2025-12-19");
            assertThat(aim.get("outcome").asInt()).isEqualTo(3);
        }
        JsonNode entry = provider.historyOf("DNR1", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("DID_NOT_RETURN");
        assertThat(entry.get("decidedBy").asText()).isEqualTo("approver");
        assertThat(entry.get("fieldChanges").findValuesAsText("field")).containsOnly("compStatus", "withdrawReason");
        provider.refused(provider.raise("DNR1", "DID_NOT_RETURN", "2026-03-09", Map.of("withdrawReason", 3), "1"), 409,
                "LDG_NotOnBreak", "aims[0]");

        JsonNode february = learnerIn(provider.snapshot("2526", "R07"), "DNR1");
        assertThat(february.get("learningDeliveries").findValuesAsText("compStatus")).as("R07: still on a break")
                .containsExactly("6", "6");
        JsonNode march = learnerIn(provider.snapshot("2526", "R08"), "DNR1");
        assertThat(march.get("learningDeliveries").findValuesAsText("compStatus")).as("R08: known not to return")
                .containsExactly("3", "3");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R08"));
        assertThat(file.all("CompStatus")).containsExactly("3", "3");
        assertThat(file.all("WithdrawReason")).containsExactly("3", "3");
        assertThat(file.all("LearnActEndDate")).containsExactly("2025-12-19", "2025-12-19");
        assertThat(file.all("Outcome")).containsExactly("3", "3");
    }

    @Test
    void aBreakThatEndedInARestartCannotBecomeADidNotReturn() {
        provider.register(SampleLearners.apprentice("DNR2", START));
        provider.approve(provider.raise("DNR2", "BREAK_IN_LEARNING", "2025-11-28", Map.of()));
        provider.approve(provider.raise("DNR2", "RESTART", "2026-01-12", Map.of("learnPlanEndDate", "2027-03-31",
                "tnp1", 6000, "tnp2", 1000, "pHours", 250)));
        provider.learnerWhen("DNR2", l -> l.get("learningDeliveries").size() == 4);

        provider.refused(provider.raise("DNR2", "DID_NOT_RETURN", "2026-02-02", Map.of("withdrawReason", 3), "1"), 409,
                "LDG_AlreadyRestarted", "aims[0]");
        provider.refused(provider.raise("DNR2", "DID_NOT_RETURN", "2026-02-02", Map.of("withdrawReason", 3)), 409,
                "LDG_NoAim", "aims");
    }

    @Test
    void aChangeOfContractTypeEndsTheOpenActPeriodTheDayBeforeAndOpensANewOne() {
        provider.register(SampleLearners.apprentice("ACT1", START));
        provider.refused(provider.raise("ACT1", "CONTRACT_TYPE_CHANGE", "2026-01-05", Map.of("act", 3)), 400, null,
                "values.act");
        provider.refused(provider.raise("ACT1", "CONTRACT_TYPE_CHANGE", "2026-01-05", Map.of("act", 1)), 400, null,
                "values.act");
        provider.refused(provider.raise("ACT1", "CONTRACT_TYPE_CHANGE", "2025-09-01", Map.of("act", 2)), 400, "R105",
                "values.learnDelFAMDateFrom");
        provider.refused(provider.raise("ACT1", "CONTRACT_TYPE_CHANGE", "2026-01-05", Map.of("act", 2), "1"), 409,
                "R105", "aims");

        String changeId = provider.approve(provider.raise("ACT1", "CONTRACT_TYPE_CHANGE", "2026-01-05",
                Map.of("act", 2)));
        JsonNode changed = provider.learnerWhen("ACT1",
                l -> l.at("/learningDeliveries/1/learningDeliveryFams").size() == 2);
        for (JsonNode aim : changed.get("learningDeliveries")) {
            JsonNode fams = aim.get("learningDeliveryFams");
            assertThat(fams.findValuesAsText("learnDelFAMCode")).containsExactly("1", "2");
            assertThat(fams.get(0).get("learnDelFAMDateFrom").asText()).isEqualTo("2025-09-01");
            assertThat(fams.get(0).get("learnDelFAMDateTo").asText()).as("the day before").isEqualTo("2026-01-04");
            assertThat(fams.get(1).get("learnDelFAMDateFrom").asText()).isEqualTo("2026-01-05");
            assertThat(fams.get(1).path("learnDelFAMDateTo").isMissingNode() || fams.get(1).get("learnDelFAMDateTo").isNull())
                    .as("the new period is open").isTrue();
        }
        JsonNode entry = provider.historyOf("ACT1", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("CONTRACT_TYPE_CHANGE");
        assertThat(entry.get("fieldChanges").findValuesAsText("entity")).containsOnly("LearningDeliveryFAM");
        assertThat(entry.get("fieldChanges").findValuesAsText("newValue")).contains("2026-01-04", "2026-01-05", "2");

        JsonNode december = learnerIn(provider.snapshot("2526", "R05"), "ACT1");
        assertThat(december.at("/learningDeliveries/0/learningDeliveryFams").findValuesAsText("learnDelFAMCode"))
                .as("R05: ACT 1 only").containsExactly("1");
        JsonNode january = learnerIn(provider.snapshot("2526", "R06"), "ACT1");
        assertThat(january.at("/learningDeliveries/0/learningDeliveryFams").findValuesAsText("learnDelFAMCode"))
                .as("R06: both periods").containsExactly("1", "2");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R06"));
        assertThat(file.all("LearnDelFAMCode")).containsExactly("1", "2", "1", "2");
        assertThat(file.all("LearnDelFAMDateTo")).containsExactly("2026-01-04", "2026-01-04");
    }

    @Test
    void anEmployerContractPeriodNeedsTheLearnerEmployedOnItsFirstDay() {
        ObjectNode learner = json.valueToTree(SampleLearners.apprentice("ACT2", START));
        for (JsonNode aim : learner.get("learningDeliveries")) {
            ((ObjectNode) aim.get("learningDeliveryFams").get(0)).put("learnDelFAMCode", "2");
        }
        ((ArrayNode) learner.get("learnerEmploymentStatuses")).addObject().put("empStat", 11)
                .put("dateEmpStatApp", "2026-02-01");
        provider.register(learner);

        provider.refused(provider.raise("ACT2", "CONTRACT_TYPE_CHANGE", "2026-03-02", Map.of("act", 1)), 409, "R110",
                "values.act");
        provider.approve(provider.raise("ACT2", "CONTRACT_TYPE_CHANGE", "2026-01-12", Map.of("act", 1)));
        JsonNode changed = provider.learnerWhen("ACT2",
                l -> l.at("/learningDeliveries/0/learningDeliveryFams").size() == 2);
        assertThat(changed.at("/learningDeliveries/0/learningDeliveryFams").findValuesAsText("learnDelFAMCode"))
                .containsExactly("2", "1");
    }
}
