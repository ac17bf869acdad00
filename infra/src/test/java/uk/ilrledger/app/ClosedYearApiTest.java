package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * After R14's hard close of 2026-27 (14 October 2027) nothing may alter what that year returned,
 * except a withdrawal back into it, which keeps the aims in 2027-28's return. "Today" is set.
 */
@IntegrationTest
// Its own application context (its clock): closed after the class, so its processors stop claiming the
// shared store's tokens and stop polling it while the other tests run.
@DirtiesContext
class ClosedYearApiTest {

    static final Instant BEFORE_HARD_CLOSE = Instant.parse("2027-10-01T09:00:00Z");
    static final Instant AFTER_HARD_CLOSE = Instant.parse("2027-11-22T09:00:00Z");

    /** The one clock of the service, set by the test. */
    static final class SettableClock extends Clock {
        private volatile Instant now = AFTER_HARD_CLOSE;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration
    static class Today {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock();
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SettableClock clock;

    Api api;
    int ukprn;
    String provider;
    String evidence;

    @BeforeEach
    void setUp() {
        clock.set(BEFORE_HARD_CLOSE);
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
        evidence = api.upload("raiser", "form.txt", ("signed form " + provider).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        IlrLearner sample = SampleLearners.apprentice("YC001", LocalDate.of(2026, 9, 7));
        List<LearningDelivery> aims = sample.learningDeliveries().stream().map(aim -> {
            LearningDelivery.Builder b = aim.toBuilder();
            b.learnPlanEndDate = LocalDate.of(2028, 6, 30);
            return b.build();
        }).toList();
        Api.Answer registered = api.post("admin", provider + "/learners", sample.withLearningDeliveries(aims));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
    }

    private Api.Answer raise(String type, String effectiveDate, Map<String, Object> values) {
        return api.post("raiser", provider + "/learners/YC001/changes", Map.of("type", type,
                "effectiveDate", effectiveDate, "values", values, "reason", type + " of YC001",
                "evidence", List.of(evidence)));
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(ukprn + ":YC001").query(Long.class).single();
    }

    private JsonNode snapshot(String year, String period) {
        long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(ukprn + ":YC001").query(Long.class).single();
        String path = provider + "/returns/" + year + "/" + period;
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", path).body().get("position").asLong() >= last);
        return api.get("exporter", path).body();
    }

    @Test
    void aChangeDatedInAClosedYearIsRefusedWithTheRuleIdAndNothingIsStored() {
        clock.set(AFTER_HARD_CLOSE);
        long before = storedEvents();

        Api.Answer employer = raise("CHANGE_OF_EMPLOYER", "2027-05-04", Map.of("empId", 100000002));
        Api.Answer onBreak = raise("BREAK_IN_LEARNING", "2027-09-01", Map.of("learnActEndDate", "2027-06-30"));

        assertThat(employer.status()).as(employer.body().toString()).isEqualTo(409);
        assertThat(employer.text("/ruleId")).isEqualTo("LDG_YearClosed");
        assertThat(employer.text("/errors/0/field")).isEqualTo("effectiveDate");
        assertThat(employer.text("/detail")).contains("2627");
        // Dated after 31 July but writing a LearnActEndDate of 2026-27: refused already at the edge, where a
        // change's own date must be its effective date, before the closed year is considered.
        assertThat(onBreak.status()).as(onBreak.body().toString()).isEqualTo(400);
        assertThat(onBreak.text("/errors/0/field")).isEqualTo("values.learnActEndDate");
        assertThat(storedEvents()).as("nothing stored").isEqualTo(before);
        assertThat(raise("CHANGE_OF_EMPLOYER", "2027-11-01", Map.of("empId", 100000002)).status())
                .as("a change in the open year is taken").isEqualTo(201);
    }

    @Test
    void aChangeRaisedBeforeTheHardCloseIsRefusedWhenApprovedAfterIt() {
        Api.Answer raised = raise("BREAK_IN_LEARNING", "2027-06-30", Map.of());
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        clock.set(AFTER_HARD_CLOSE);
        long before = storedEvents();

        Api.Answer approval = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());

        assertThat(approval.status()).as(approval.body().toString()).isEqualTo(409);
        assertThat(approval.text("/ruleId")).isEqualTo("LDG_YearClosed");
        assertThat(storedEvents()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", "/api/changes/"
                + raised.text("/changeId")).status() == 200);
        assertThat(api.get("auditor", "/api/changes/" + raised.text("/changeId")).text("/status")).isEqualTo("RAISED");
    }

    @Test
    void aRestartInTheOpenYearAfterABreakInTheClosedYearIsTaken() {
        Api.Answer onBreak = raise("BREAK_IN_LEARNING", "2027-06-30", Map.of());
        assertThat(api.post("approver", "/api/changes/" + onBreak.text("/changeId") + "/approval", Map.of()).status())
                .isEqualTo(200);
        clock.set(AFTER_HARD_CLOSE);

        Api.Answer restart = raise("RESTART", "2027-11-01", Map.of("learnPlanEndDate", "2028-09-30",
                "tnp1", 4000, "tnp2", 500, "pHours", 200));
        assertThat(restart.status()).as(restart.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + restart.text("/changeId") + "/approval", Map.of());

        assertThat(approved.status()).as("its OrigLearnStartDate names 2026-27, but it changes nothing there")
                .isEqualTo(200);
    }

    @Test
    void aWithdrawalBackIntoTheClosedYearIsAcceptedAndTheAimsStayInTheNextYearsReturn() {
        assertThat(snapshot("2728", "R01").get("learners").findValuesAsText("learnRefNumber")).contains("YC001");
        clock.set(AFTER_HARD_CLOSE);

        Api.Answer raised = raise("WITHDRAWAL", "2027-05-28", Map.of("withdrawReason", 97));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);

        JsonNode closedYear = snapshot("2627", "R14");
        assertThat(closedYear.at("/learners/0/learner/learningDeliveries/0/learnActEndDate").asText())
                .isEqualTo("2027-05-28");
        JsonNode nextYear = snapshot("2728", "R01");
        assertThat(nextYear.at("/learners/0/learner/learnRefNumber").asText()).isEqualTo("YC001");
        assertThat(nextYear.at("/learners/0/learner/learningDeliveries/0/compStatus").asInt()).isEqualTo(3);
        assertThat(nextYear.at("/learners/0/inclusions/0/inclusionReason").asText()).isEqualTo("FORCE_INCLUDED");
        assertThat(nextYear.at("/learners/0/inclusions/0/forceIncludeReason").asText())
                .contains("Withdrawn back into 2627 after its hard close");
        assertThat(nextYear.at("/learners/0/inclusions/1/inclusionReason").asText())
                .isIn("FORCE_INCLUDED", "LINKED_TO_PROGRAMME");
    }
}
