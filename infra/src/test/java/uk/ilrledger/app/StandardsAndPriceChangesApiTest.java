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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * An apprenticeship standard from the end of training to its end-point assessment, and a price
 * agreed after the start, through the API: the request, a wrong one's problem response, the
 * learner's ILR, the R-return snapshots and the 2025-26 ILR file.
 */
@IntegrationTest
class StandardsAndPriceChangesApiTest {

    static final LocalDate START = LocalDate.of(2025, 9, 1);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    int ukprn;
    String provider;
    String evidence;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
        evidence = api.upload("raiser", "epa.txt", ("certificate " + provider).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
    }

    @Test
    void aStandardStaysContinuingAfterTrainingAndCompletesWithItsEndPointAssessment() {
        register("EPA1");
        approve(raise("EPA1", "COMPLETION", "2026-03-27", Map.of()));

        JsonNode trained = learnerWhen("EPA1", l -> l.at("/learningDeliveries/1/compStatus").asInt() == 2);
        assertThat(trained.at("/learningDeliveries/0/compStatus").asInt()).as("awaiting EPA").isEqualTo(1);
        assertThat(trained.at("/learningDeliveries/0/learnActEndDate").asText()).isEqualTo("2026-03-27");
        assertThat(trained.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(8);
        assertThat(trained.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").isMissingNode()
                || trained.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").isNull())
                .as("ACT left open").isTrue();

        refused(raise("EPA1", "OUTCOME", "2026-04-20", Map.of("outcome", 1, "achDate", "2026-04-20"), 1), 409,
                "LDG_UseEndPointAssessment", "aims[0]");
        refused(raise("EPA1", "OUTCOME", "2026-04-20", Map.of("outcome", 1, "achDate", "2026-04-20"), 2), 400,
                "AchDate_09", "values.achDate");
        refused(raise("EPA1", "END_POINT_ASSESSMENT", "2026-03-30", Map.of("outcome", 1)), 400, "AchDate_11",
                "values.achDate");
        refused(raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20", Map.of("outcome", 1, "achDate", "2026-04-21")),
                400, null, "values.achDate");
        refused(raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20", Map.of("outcome", 8)), 400,
                "LDG_EndPointAssessmentOutcome", "values.outcome");

        approve(raise("EPA1", "END_POINT_ASSESSMENT", "2026-04-20", Map.of("outcome", 1, "outGrade", "MERIT")));
        JsonNode passed = learnerWhen("EPA1", l -> l.at("/learningDeliveries/0/compStatus").asInt() == 2);
        assertThat(passed.at("/learningDeliveries/0/outcome").asInt()).isEqualTo(1);
        assertThat(passed.at("/learningDeliveries/0/achDate").asText()).isEqualTo("2026-04-20");
        assertThat(passed.at("/learningDeliveries/0/outGrade").asText()).isEqualTo("MERIT");
        assertThat(passed.at("/learningDeliveries/0/learnActEndDate").asText()).as("last day of training")
                .isEqualTo("2026-03-27");
        assertThat(passed.at("/learningDeliveries/0/learningDeliveryFams/0/learnDelFAMDateTo").asText()).as("R121")
                .isEqualTo("2026-04-20");

        JsonNode march = learnerIn(snapshot("2526", "R08"), "EPA1");
        assertThat(march.at("/learningDeliveries/0/compStatus").asInt()).as("R08: awaiting EPA").isEqualTo(1);
        assertThat(march.at("/learningDeliveries/0/achDate").isMissingNode()).isTrue();
        JsonNode april = learnerIn(snapshot("2526", "R09"), "EPA1");
        assertThat(april.at("/learningDeliveries/0/compStatus").asInt()).as("R09: EPA passed").isEqualTo(2);
        assertThat(april.at("/learningDeliveries/0/achDate").asText()).isEqualTo("2026-04-20");

        IlrFile awaiting = IlrFile.valid(IlrSchema.Y2526, export("R08"));
        assertThat(awaiting.all("CompStatus")).containsExactly("1", "2");
        assertThat(awaiting.all("LearnActEndDate")).containsExactly("2026-03-27", "2026-03-27");
        assertThat(awaiting.all("Outcome")).containsExactly("8", "8");
        assertThat(awaiting.all("AchDate")).isEmpty();
        IlrFile achieved = IlrFile.valid(IlrSchema.Y2526, export("R09"));
        assertThat(achieved.all("CompStatus")).containsExactly("2", "2");
        assertThat(achieved.all("Outcome")).containsExactly("1", "8");
        assertThat(achieved.all("AchDate")).containsExactly("2026-04-20");
        assertThat(achieved.all("LearnDelFAMDateTo")).contains("2026-04-20");
    }

    @Test
    void aPriceAgreedAfterTheStartIsANewDatedPriceRecordBesideTheStartPrice() {
        register("PRC1");
        refused(raise("PRC1", "PRIOR_LEARNING_REDUCTION", "2025-12-01", Map.of("tnp1", 8000), 1), 400,
                "LDG_PriorLearningAfterStart", "effectiveDate");
        refused(raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp1", 8000, "aFinDate", "2026-01-06")), 400,
                null, "values.aFinDate");

        approve(raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp1", 8000)));
        JsonNode repriced = learnerWhen("PRC1", l -> l.at("/learningDeliveries/0/appFinRecords").size() == 3);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/0/aFinAmount").asInt()).as("start price kept")
                .isEqualTo(9000);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinCode").asInt()).isEqualTo(1);
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinDate").asText()).isEqualTo("2026-01-05");
        assertThat(repriced.at("/learningDeliveries/0/appFinRecords/2/aFinAmount").asInt()).isEqualTo(8000);
        refused(raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp1", 7000)), 400, "R68", "values.tnp1");

        approve(raise("PRC1", "CHANGE_OF_EMPLOYER", "2026-02-02", Map.of("empId", 100000002, "tnp3", 4000)));
        refused(raise("PRC1", "PRICE_CHANGE", "2026-03-02", Map.of("tnp1", 3000)), 400, "AFinDate_05", "values.tnp1");
        refused(raise("PRC1", "PRICE_CHANGE", "2026-01-05", Map.of("tnp3", 3000)), 400, "AFinDate_07",
                "values.aFinDate");
        approve(raise("PRC1", "PRICE_CHANGE", "2026-03-02", Map.of("tnp3", 3500)));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", provider + "/learners/PRC1/history")
                .body().findValuesAsText("type").stream().filter("PRICE_CHANGE"::equals).count() == 2);
        JsonNode history = api.get("auditor", provider + "/learners/PRC1/history").body();
        JsonNode first = null;
        for (JsonNode entry : history) {
            if (entry.get("type").asText().equals("PRICE_CHANGE")) {
                first = first == null ? entry : first;
            }
        }
        assertThat(first.get("fieldChanges").findValuesAsText("entity")).containsOnly("AppFinRecord");
        assertThat(first.get("fieldChanges").findValuesAsText("newValue")).containsExactly("TNP", "1", "2026-01-05",
                "8000");

        JsonNode december = learnerIn(snapshot("2526", "R05"), "PRC1");
        assertThat(december.at("/learningDeliveries/0/appFinRecords").findValuesAsText("aFinAmount"))
                .as("R05: the start price only").containsExactly("9000", "1000");
        JsonNode march = learnerIn(snapshot("2526", "R08"), "PRC1");
        assertThat(march.at("/learningDeliveries/0/appFinRecords").findValuesAsText("aFinAmount"))
                .as("R08: every price, each from its own date").containsExactly("9000", "1000", "8000", "4000", "3500");
    }

    private void register(String ref) {
        Api.Answer answer = api.post("admin", provider + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
    }

    private Api.Answer raise(String ref, String type, String effective, Map<String, Object> values, Object... aims) {
        return api.post("raiser", provider + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effective, "values", values, "aims", List.of(aims), "reason", type + " of " + ref,
                "evidence", List.of(evidence)));
    }

    private void approve(Api.Answer raised) {
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    private void refused(Api.Answer answer, int status, String ruleId, String field) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.text("/errors/0/field")).as(answer.body().toString()).isEqualTo(field);
        if (ruleId != null) {
            assertThat(answer.text("/ruleId")).isEqualTo(ruleId);
        }
    }

    private JsonNode learnerWhen(String ref, Predicate<JsonNode> ready) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode learner = api.get("auditor", provider + "/learners/" + ref).body();
            seen.add(0, learner);
            return ready.test(learner);
        });
        return seen.get(0);
    }

    private long lastLearnerEvent() {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    private JsonNode snapshot(String year, String period) {
        long last = lastLearnerEvent();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/" + year + "/"
                + period).body().get("position").asLong() >= last);
        Api.Answer answer = api.get("exporter", provider + "/returns/" + year + "/" + period);
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

    private byte[] export(String period) {
        snapshot("2526", period);
        Api.Download file = api.download("exporter", provider + "/returns/2526/" + period + "/ilr.xml");
        assertThat(file.status()).isEqualTo(200);
        return file.bytes();
    }
}
