package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import uk.ilrledger.testsupport.SampleLearners;

/** What was known when (asOf) and what was in effect on a date (effectiveOn), from the same fold. */
@IntegrationTest
class PointInTimeTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Test
    void aLearnerAsKnownThenAndAsInEffectOnADate() throws InterruptedException {
        Api api = new Api(rest, json);
        String ref = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String learner = PROVIDER + "/learners/" + ref;
        Instant beforeRegistration = Instant.now();
        Thread.sleep(20);
        assertThat(api.post("admin", PROVIDER + "/learners", SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)))
                .status()).isEqualTo(201);
        Thread.sleep(20);
        Instant registered = Instant.now();
        Thread.sleep(20);
        String evidence = api.upload("raiser", "left.txt", ref.getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
        String changeId = api.post("raiser", learner + "/changes", Map.of("type", "WITHDRAWAL",
                "effectiveDate", "2026-02-27", "values", Map.of("withdrawReason", 97), "reason", "left",
                "evidence", List.of(evidence))).text("/changeId");
        assertThat(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("auditor", learner + "?asOf=" + Instant.now()).body().at("/learningDeliveries/0/compStatus")
                        .asInt() == 3);

        assertThat(api.get("auditor", learner + "?asOf=" + beforeRegistration).status()).isEqualTo(404);
        assertThat(api.get("auditor", learner + "?asOf=" + registered).body().at("/learningDeliveries/0/compStatus")
                .asInt()).as("known at registration: still continuing").isEqualTo(1);
        assertThat(api.get("auditor", learner + "?effectiveOn=2026-02-01").body().at("/learningDeliveries/0/compStatus")
                .asInt()).as("in effect before the last day of learning").isEqualTo(1);
        assertThat(api.get("auditor", learner + "?effectiveOn=2026-03-01").body().at("/learningDeliveries/0/learnActEndDate")
                .asText()).isEqualTo("2026-02-27");
        assertThat(api.get("auditor", learner + "?asOf=" + registered + "&effectiveOn=2026-03-01").body()
                .at("/learningDeliveries/0/compStatus").asInt()).as("not yet known at registration").isEqualTo(1);
        Api.Answer badInstant = api.get("auditor", learner + "?asOf=yesterday");
        assertThat(badInstant.status()).isEqualTo(400);
        assertThat(badInstant.text("/errors/0/field")).isEqualTo("asOf");
    }
}
