package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The DfE rules of every change type, through the API on the real store: each refusal is a problem
 * response naming the rule and the field, and stores nothing.
 */
@IntegrationTest
class ChangeRulesApiTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    static final String FUTURE = LocalDate.now().plusDays(3).toString();

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
        ref = "R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", PROVIDER + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        evidence = api.upload("raiser", "form.txt", ("form " + ref).getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("WITHDRAWAL", "2026-02-27", Map.of("withdrawReason", 99), List.of(),
                        400, "WithdrawReason_01", "values.withdrawReason"),
                Arguments.of("WITHDRAWAL", "2026-02-27", Map.of(), List.of(), 400, "WithdrawReason_03",
                        "values.withdrawReason"),
                Arguments.of("WITHDRAWAL", FUTURE, Map.of("withdrawReason", 97), List.of(), 400, "LearnActEndDate_04",
                        "values.learnActEndDate"),
                Arguments.of("WITHDRAWAL", "2025-08-01", Map.of("withdrawReason", 97), List.of(), 400,
                        "LearnActEndDate_01", "values.learnActEndDate"),
                Arguments.of("BREAK_IN_LEARNING", FUTURE, Map.of(), List.of(), 400, "LearnActEndDate_04",
                        "values.learnActEndDate"),
                Arguments.of("COMPLETION", "2025-08-01", Map.of(), List.of(), 400, "LearnActEndDate_01",
                        "values.learnActEndDate"),
                Arguments.of("RESTART", "2026-02-02", Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 5000, "pHours", 300),
                        List.of(1), 409, "LDG_RestartWithoutBreak", "aims[0]"),
                Arguments.of("CHANGE_OF_EMPLOYER", "2026-01-05", Map.of("empId", 100000000), List.of(), 400, "EmpId_02",
                        "values.empId"),
                Arguments.of("CHANGE_OF_EMPLOYER", "2026-01-05", Map.of("empId", 123456789), List.of(), 400, "R97",
                        "values.empId"),
                Arguments.of("CHANGE_OF_EMPLOYER", "2025-09-01", Map.of("empId", 100000002, "tnp3", 4000), List.of(),
                        400, "AFinDate_05", "values.dateEmpStatApp"),
                Arguments.of("CHANGE_OF_EMPLOYER", FUTURE, Map.of("empId", 100000002), List.of(), 400,
                        "LDG_NotInFuture", "values.dateEmpStatApp"),
                Arguments.of("PRIOR_LEARNING_REDUCTION", "2025-09-01", Map.of("tnp1", 10000), List.of(1), 400,
                        "LDG_NotAReduction", "values.tnp1"),
                Arguments.of("OUTCOME", "2026-02-27", Map.of("outcome", 3), List.of(1), 409, "Outcome_12", "aims[0]"),
                Arguments.of("FORCE_INCLUDE", "2026-02-27", Map.of("year", "2527"), List.of(1), 400, null,
                        "values.year"),
                Arguments.of("CORRECTION", "2026-02-27", Map.of("learner", Map.of("uln", 1234567890L)), List.of(), 400,
                        null, "values.learner.uln"),
                Arguments.of("WITHDRAWAL", "2026-02-27", Map.of("withdrawReason", 97), List.of(9), 400, null,
                        "aims[0]"));
    }

    @ParameterizedTest(name = "{0} {2} -> {4} {5} on {6}")
    @MethodSource("refusals")
    void aChangeBreakingARuleIsRefusedNamingTheRuleAndFieldAndStoresNothing(String type, String effectiveDate,
            Map<String, Object> values, List<Object> aims, int status, String ruleId, String field) {
        long before = storedEvents();

        Api.Answer refused = raise("raiser", type, effectiveDate, values, aims);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(status);
        assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        assertThat(refused.text("/errors/0/field")).isEqualTo(field);
        if (ruleId != null) {
            assertThat(refused.text("/ruleId")).isEqualTo(ruleId);
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void noBreakOnAWithdrawnAim() {
        approve(raise("raiser", "WITHDRAWAL", "2026-01-30", Map.of("withdrawReason", 97), List.of()).text("/changeId"));
        Api.Answer refused = raise("raiser", "BREAK_IN_LEARNING", "2026-02-10", Map.of(), List.of(1));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("/ruleId")).isEqualTo("CompStatus_01");
    }

    @Test
    void aChangeIsCheckedAgainWhenApprovedAgainstTheRecordAsItIsThen() {
        String breakId = raise("raiser", "BREAK_IN_LEARNING", "2026-01-16", Map.of(), List.of()).text("/changeId");
        approve(raise("approver2", "WITHDRAWAL", "2026-01-30", Map.of("withdrawReason", 97), List.of())
                .text("/changeId"));
        long before = storedEvents();

        Api.Answer stale = api.post("approver", "/api/changes/" + breakId + "/approval", Map.of());

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("/ruleId")).isEqualTo("CompStatus_01");
        assertThat(stale.text("/detail")).contains("no longer fits");
        assertThat(storedEvents()).isEqualTo(before);
    }

    private Api.Answer raise(String user, String type, String effectiveDate, Map<String, Object> values,
            List<Object> aims) {
        return api.post(user, PROVIDER + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effectiveDate, "values", values, "aims", aims, "reason", "test of " + type,
                "evidence", List.of(evidence)));
    }

    private void approve(String changeId) {
        assertThat(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }
}
