package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.ilrledger.app.ProviderScenario.learnerIn;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * An apprenticeship standard from the end of training to its end-point assessment, and a price
 * agreed after the start, through the API: the request, a wrong one's problem response, the
 * learner's ILR, the R-return snapshots and the 2025-26 ILR file.
 */
@IntegrationTest
class StandardsAndPriceChangesApiTest extends ProviderScenarioTest {

    @Test
    void aStandardStaysContinuingAfterTrainingAndCompletesWithItsEndPointAssessment() {
        provider.register(SampleLearners.apprentice("EPA1", START));
        provider.approve(provider.raise("EPA1", "COMPLETION", "2026-03-27", Map.of()));

        JsonNode trained = provider.learnerWhen("EPA1", l -> l.at("/learningDeliveries/1/compStatus").asInt() == 2);
        assertThat(trained.at("/learningDeliveries/0/compStatus").asInt()).as("awaiting EPA").isEqualTo(1);
        assertThat(trained.at("/learningDeliveries/0/learnActEndDate").asText()).isEqualTo("2026-03-27");
        assertThat(trained.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(8);
        assertThat(trained.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").isMissingNode()
                || trained.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").isNull())
                .as("ACT left open").isTrue();

        Map<String, Object> achievement = Map.of("outcome", 1, "achDate", "2026-04-20");
        provider.refused(provider.raise("EPA1", "OUTCOME", "2026-04-20", achievement, 1), 409,
                "LDG_UseEndPointAssessment", "aims[0]");
        provider.refused(provider.raise("EPA1", "OUTCOME", "2026-04-20", achievement, 2), 400,
                "AchDate_09", "values.achDate");
        provider.refused(provider.raise("EPA1", "END_POINT_ASSESSMENT", "2026-03-30", Map.of("outcome", 1)), 400,
                "AchDate_11", "values.achDate");
        provider.refused(provider.raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20",
                Map.of("outcome", 1, "achDate", "2026-04-21")), 400, null, "values.achDate");
        provider.refused(provider.raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20", Map.of("outcome", 8)), 400,
                "LDG_EndPointAssessmentOutcome", "values.outcome");

        provider.approve(provider.raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20",
                Map.of("outcome", 1, "outGrade", "MERIT")));
        JsonNode passed = provider.learnerWhen("EPA1", l -> l.at("/learningDeliveries/0/compStatus").asInt() == 2);
        assertThat(passed.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(1);
        assertThat(passed.at("/learningDeliveries/0/achDate").asText()).isEqualTo("2026-04-20");
        assertThat(passed.at("/learningDeliveries/0/outGrade").asText()).isEqualTo("MERIT");
        assertThat(passed.at("/learningDeliveries/0/learnActEndDate").asText()).as("last day of training")
                .isEqualTo("2026-03-27");
        assertThat(passed.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").asText()).as("R121")
                .isEqualTo("2026-04-20");

        JsonNode march = learnerIn(provider.snapshot("2526", "R08"), "EPA1");
        assertThat(march.at("/learningDeliveries/0/compStatus").asInt()).as("R08: awaiting EPA").isEqualTo(1);
        assertThat(march.at("/learningDeliveries/0/achDate").isMissingNode()).isTrue();
        JsonNode april = learnerIn(provider.snapshot("2526", "R09"), "EPA1");
        assertThat(april.at("/learningDeliveries/0/compStatus").asInt()).as("R09: EPA passed").isEqualTo(2);
        assertThat(april.at("/learningDeliveries/0/achDate").asText()).isEqualTo("2026-04-20");

        IlrFile awaiting = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R08"));
        assertThat(awaiting.all("CompStatus")).containsExactly("1", "2");
        assertThat(awaiting.all("LearnActEndDate")).containsExactly("2026-03-27", "2026-03-27");
        assertThat(awaiting.all("Outcome")).containsExactly("8", "8");
        assertThat(awaiting.all("AchDate")).isEmpty();
        IlrFile achieved = IlrFile.valid(IlrSchema.Y2526, provider.export("2526", "R09"));
        assertThat(achieved.all("CompStatus")).containsExactly("2", "2");
        assertThat(achieved.all("Outcome")).containsExactly("1", "8");
        assertThat(achieved.all("AchDate")).containsExactly("2026-04-20");
        assertThat(achieved.all("LearnDelFAMDateTo")).contains("2026-04-20");
    }

    @Test
    void aPriceAgreedAfterTheStartIsANewDatedPriceRecordBesideTheStartPrice() {
        provider.register(SampleLearners.apprentice("PRC1", START));
        provider.refused(provider.raise("PRC1", "PRIOR_LEARNING_REDUCTION", "2025-12-01", Map.of("tnp1", 8000), 1), 400,
                "LDG_PriorLearningAfterStart", "effectiveDate");
        provider.refused(provider.raise("PRC1", "PRICE_CHANGE", "2026-01-05",
                Map.of("tnp1", 8000, "aFinDate", "2026-01-06")), 400, null, "values.aFinDate");

        provider.approve(provider.raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp1", 8000)));
        JsonNode repriced = provider.learnerWhen("PRC1", l -> l.at("/learningDeliveries/0/appFinRecords").size() == 3);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/0/aFinAmount").asInt()).as("start price kept")
                .isEqualTo(9000);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinCode").asInt()).isEqualTo(1);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinDate").asText()).isEqualTo("2026-01-05");
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinAmount").asInt()).isEqualTo(8000);
        provider.refused(provider.raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp1", 7000)),
                400, "R68", "values.tnp1");

        provider.approve(provider.raise("PRC1", "CHANGE_OF_EMPLOYER", "2026-02-02",
                Map.of("empId", 100000002, "tnp3", 4000)));
        provider.refused(provider.raise("PRC1", "PRICE_CHANGE", "2026-03-02", Map.of("tnp1", 3000)),
                400, "AFinDate_05", "values.tnp1");
        provider.refused(provider.raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp3", 3000)), 400,
                "AFinDate_07", "values.aFinDate");
        provider.approve(provider.raise("PRC1", "PRICE_CHANGE", "2026-03-02", Map.of("tnp3", 3500)));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> provider.api.get("auditor", provider.provider + "/learners/PRC1/history")
                .body().findValuesAsText("type").stream().filter("PRICE_CHANGE"::equals).count() == 2);
        JsonNode history = provider.api.get("auditor", provider.provider + "/learners/PRC1/history").body();
        JsonNode first = null;
        for (JsonNode entry : history) {
            if (entry.get("type").asText().equals("PRICE_CHANGE")) {
                first = first == null ? entry : first;
            }
        }
        assertThat(first.get("fieldChanges").findValuesAsText("entity")).containsOnly("AppFinRecord");
        assertThat(first.get("fieldChanges").findValuesAsText("newValue")).containsExactly("TNP", "1", "2026-01-05",
                "8000");

        JsonNode december = learnerIn(provider.snapshot("2526", "R05"), "PRC1");
        assertThat(december.at("/learningDeliveries/0/appFinRecords").findValuesAsText("aFinAmount"))
                .as("R05: the start price only").containsExactly("9000", "1000");
        JsonNode march = learnerIn(provider.snapshot("2526", "R08"), "PRC1");
        assertThat(march.at("/learningDeliveries/0/appFinRecords").findValuesAsText("aFinAmount"))
                .as("R08: every price, each from its own date").containsExactly("9000", "1000", "8000", "4000", "3500");
    }
}
