package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.ProviderScenario.learnerIn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Learner and learning delivery FAMs as changes through the API, checked against the year's code
 * lists: the request, a wrong one's problem response, the learner's ILR and history, the R-return
 * snapshots and the 2025-26 ILR file.
 */
@IntegrationTest
class FamChangesApiTest extends ProviderScenarioTest {

    @Test
    void learnerSupportCodesFromTheYearsListJoinTheLearnerFromTheirDate() {
        provider.register(SampleLearners.apprentice("FAM1", START));
        provider.refused(learnerFam("FAM1", "XYZ", List.of(1)), 400, null, "values.learnFAMType");
        provider.refused(learnerFam("FAM1", "LSR", List.of(36, 99)), 400, "LearnFAMType_09", "values.learnFAMCodes[1]");
        provider.refused(learnerFam("FAM1", "LSR", List.of(36, 55, 56, 57, 58)), 400, null, "values.learnFAMCodes");
        provider.refused(learnerFam("FAM1", "EHC", List.of(1, 1)), 400, null, "values.learnFAMCodes[1]");
        provider.refused(provider.raise("FAM1", "LEARNER_FAM", "2026-01-05", Map.of("learnFAMType", "EHC",
                "learnFAMCodes", List.of(1)), "1"), 400, null, "aims");

        String changeId = provider.approve(learnerFam("FAM1", "LSR", List.of(36, 58)));
        JsonNode learner = provider.learnerWhen("FAM1", l -> l.path("learnerFams").size() == 2);
        assertThat(learner.get("learnerFams").findValuesAsText("learnFAMType")).containsExactly("LSR", "LSR");
        assertThat(learner.get("learnerFams").findValuesAsText("learnFAMCode")).containsExactly("36", "58");
        JsonNode entry = provider.historyOf("FAM1", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("LEARNER_FAM");
        assertThat(entry.get("fieldChanges").findValuesAsText("entity")).containsOnly("LearnerFAM");
        provider.refused(learnerFam("FAM1", "LSR", List.of(36, 58)), 400, null, "values.learnFAMCodes");

        JsonNode december = learnerIn(provider.snapshot("2526", "R05"), "FAM1");
        assertThat(december.path("learnerFams").size()).as("R05: before the change").isZero();
        JsonNode january = learnerIn(provider.snapshot("2526", "R06"), "FAM1");
        assertThat(january.get("learnerFams").findValuesAsText("learnFAMCode")).containsExactly("36", "58");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R06"));
        assertThat(file.all("LearnFAMType")).containsExactly("LSR", "LSR");
        assertThat(file.all("LearnFAMCode")).containsExactly("36", "58");

        provider.approve(learnerFam("FAM1", "LSR", List.of()));
        provider.learnerWhen("FAM1", l -> l.path("learnerFams").size() == 0);
    }

    @Test
    void deliveryMonitoringCodesChangeOnTheNamedAimsButNeverTheContractTypeOrARestart() {
        provider.register(SampleLearners.apprentice("FAM2", START));
        provider.refused(deliveryFam("FAM2", "ACT", List.of("2"), "1"), 400, "LDG_UseContractTypeChange",
                "values.learnDelFAMType");
        provider.refused(deliveryFam("FAM2", "RES", List.of("1"), "1"), 400, "LDG_RestartOnly",
                "values.learnDelFAMType");
        provider.refused(deliveryFam("FAM2", "SOF", List.of("105")), 400, null, "aims");
        provider.refused(deliveryFam("FAM2", "SOF", List.of("999"), "1"), 400, null, "values.learnDelFAMCodes[0]");
        provider.refused(deliveryFam("FAM2", "LDM", List.of("34"), "1"), 400, null, "values.learnDelFAMCodes[0]");
        provider.refused(deliveryFam("FAM2", "SOF", List.of("105", "107"), "1"), 400, null, "values.learnDelFAMCodes");

        String changeId = provider.approve(deliveryFam("FAM2", "LDM", List.of("347"), "1", "2"));
        JsonNode learner = provider.learnerWhen("FAM2",
                l -> l.at("/learningDeliveries/1/learningDeliveryFams").size() == 2);
        for (JsonNode aim : learner.get("learningDeliveries")) {
            assertThat(aim.get("learningDeliveryFams").findValuesAsText("learnDelFAMType")).containsExactly("ACT", "LDM");
            assertThat(aim.get("learningDeliveryFams").findValuesAsText("learnDelFAMCode")).containsExactly("1", "347");
        }
        JsonNode entry = provider.historyOf("FAM2", changeId);
        assertThat(entry.get("type").asText()).isEqualTo("DELIVERY_FAM");
        assertThat(entry.get("fieldChanges").findValuesAsText("newValue")).contains("LDM", "347");

        JsonNode december = learnerIn(provider.snapshot("2526", "R05"), "FAM2");
        assertThat(december.at("/learningDeliveries/0/learningDeliveryFams").findValuesAsText("learnDelFAMType"))
                .as("R05: before the change").containsExactly("ACT");
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R06"));
        assertThat(file.all("LearnDelFAMType")).containsExactly("ACT", "LDM", "ACT", "LDM");
        assertThat(file.all("LearnDelFAMCode")).containsExactly("1", "347", "1", "347");
    }

    private Api.Answer learnerFam(String ref, String type, List<Integer> codes) {
        return provider.raise(ref, "LEARNER_FAM", "2026-01-05", Map.of("learnFAMType", type, "learnFAMCodes", codes));
    }

    private Api.Answer deliveryFam(String ref, String type, List<String> codes, Object... aims) {
        return provider.raise(ref, "DELIVERY_FAM", "2026-01-05", Map.of("learnDelFAMType", type,
                "learnDelFAMCodes", codes), aims);
    }
}
