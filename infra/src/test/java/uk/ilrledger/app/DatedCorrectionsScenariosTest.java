package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.ProviderScenario.learnerIn;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The record is right at every date: a correction changes only what it names, from its own date,
 * whatever was approved before it; R13 and R14 finish the year with what was recorded after 31 July.
 * Through the API on the real store; "today" is after 2025-26's R14.
 */
@IntegrationTest
class DatedCorrectionsScenariosTest extends ProviderScenarioTest {

    @Test
    void aCorrectionApprovedAfterALaterWithdrawalDoesNotCarryTheWithdrawalBackToItsOwnDate() {
        provider.register("JANMAY", "2025-09-01", "2027-03-01");
        provider.change("JANMAY", "WITHDRAWAL", "2026-05-31", Map.of("withdrawReason", 97));
        provider.change("JANMAY", "CORRECTION", "2026-01-15", Map.of("learner", Map.of("postcode", "ZZ99 1AB")));

        JsonNode r06 = learnerIn(provider.snapshot("2526", "R06"), "JANMAY");
        assertThat(r06.at("/learningDeliveries/0/compStatus").asInt()).as("January: still learning").isEqualTo(1);
        assertThat(r06.at("/learningDeliveries/1/compStatus").asInt()).isEqualTo(1);
        assertThat(r06.at("/learningDeliveries/0/learnActEndDate").isMissingNode()).isTrue();
        assertThat(r06.get("postcode").asText()).as("the correction, from 15 January").isEqualTo("ZZ99 1AB");

        String learner = provider.provider + "/learners/JANMAY";
        JsonNode february = provider.api.get("auditor", learner + "?effectiveOn=2026-02-01").body();
        assertThat(february.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(1);
        assertThat(february.get("postcode").asText()).isEqualTo("ZZ99 1AB");
        JsonNode december = provider.api.get("auditor", learner + "?effectiveOn=2025-12-31").body();
        assertThat(december.get("postcode").asText()).as("before the correction's date").isNotEqualTo("ZZ99 1AB");

        for (String period : List.of("R10", "R11", "R12")) {
            JsonNode withdrawn = learnerIn(provider.snapshot("2526", period), "JANMAY");
            assertThat(withdrawn.at("/learningDeliveries/0/compStatus").asInt()).as(period).isEqualTo(3);
            assertThat(withdrawn.at("/learningDeliveries/0/learnActEndDate").asText()).as(period).isEqualTo("2026-05-31");
            assertThat(withdrawn.get("postcode").asText()).as(period).isEqualTo("ZZ99 1AB");
        }
    }

    @Test
    void anOutcomeRecordedInAugustFinishesTheYearInR13AndR14AndKeepsTheAimInTheNextYear() {
        provider.register("LATE", "2024-09-02", "2026-07-31");
        provider.change("LATE", "COMPLETION", "2026-06-30", Map.of());
        provider.change("LATE", "OUTCOME", "2026-08-20", Map.of("outcome", 1), 2);
        provider.change("LATE", "END_POINT_ASSESSMENT", "2026-08-20", Map.of("outcome", 1));

        JsonNode r12 = learnerIn(provider.snapshot("2526", "R12"), "LATE");
        assertThat(r12.at("/learningDeliveries/1/outcome").asInt()).as("July: pending").isEqualTo(8);
        for (String period : List.of("R13", "R14")) {
            JsonNode finished = learnerIn(provider.snapshot("2526", period), "LATE");
            assertThat(finished.at("/learningDeliveries/1/outcome").asInt()).as(period).isEqualTo(1);
            assertThat(finished.at("/learningDeliveries/1/learnActEndDate").asText()).as(period).isEqualTo("2026-06-30");
            // Training ended in June; the end-point assessment passed in August finishes the year's standard.
            assertThat(finished.at("/learningDeliveries/0/compStatus").asInt()).as(period).isEqualTo(2);
            assertThat(finished.at("/learningDeliveries/0/outcome").asInt()).as(period).isEqualTo(1);
            assertThat(finished.at("/learningDeliveries/0/achDate").asText()).as(period).isEqualTo("2026-08-20");
        }

        JsonNode r01 = provider.snapshot("2627", "R01");
        JsonNode next = learnerIn(r01, "LATE");
        assertThat(next).as("pending at 31 July 2026, so in 2026-27 although achieved in August").isNotNull();
        assertThat(next.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(2);
        assertThat(next.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(1);
        assertThat(next.at("/learningDeliveries/0/achDate").asText()).isEqualTo("2026-08-20");
        assertThat(next.at("/learningDeliveries/1/outcome").asInt()).isEqualTo(1);
        assertThat(inclusionsOf(r01, "LATE").findValuesAsText("inclusionReason")).contains("OUTCOME_PENDING");
    }

    @Test
    void aWithdrawalInSeptemberStaysOutOfTheFinishedYear() {
        provider.register("SEPT", "2024-09-02", "2027-03-01");
        provider.change("SEPT", "WITHDRAWAL", "2026-09-15", Map.of("withdrawReason", 97));

        JsonNode r14 = learnerIn(provider.snapshot("2526", "R14"), "SEPT");
        assertThat(r14.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(1);
        assertThat(r14.at("/learningDeliveries/0/learnActEndDate").isMissingNode()).isTrue();
        JsonNode r02 = learnerIn(provider.snapshot("2627", "R02"), "SEPT");
        assertThat(r02.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(3);
    }

    private static JsonNode inclusionsOf(JsonNode snapshot, String ref) {
        for (JsonNode learner : snapshot.get("learners")) {
            if (learner.at("/learner/learnRefNumber").asText().equals(ref)) {
                return learner.get("inclusions");
            }
        }
        return null;
    }
}
