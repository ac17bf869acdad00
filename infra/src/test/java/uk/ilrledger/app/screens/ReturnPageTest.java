package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The return page shows 50 learners a page from a return kept between views, and the kept return is
 * never stale: a withdrawal approved after one view is on the next, and the page's hash is the one
 * the API gives for the same return built afresh. The diff shows 20 learners a page, together the API's diff. The caseload counts a known set of learners month by month.
 */
@IntegrationTest
class ReturnPageTest {

    static final int UKPRN = 10009016;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);
    static final String R07 = "/providers/" + UKPRN + "/returns/2526/R07";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Test
    void aWithdrawalApprovedAfterAViewIsOnTheNextViewOfThePagedReturn() throws Exception {
        Api api = new Api(rest, json);
        for (int n = 1; n <= 55; n++) {
            String ref = String.format("RP%03d", n);
            Api.Answer registered = api.post("admin", "/api/providers/" + UKPRN + "/learners",
                    SampleLearners.apprentice(ref, START));
            assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        }
        SignedIn auditor = new SignedIn(port);
        auditor.signIn("auditor", IntegrationTest.PASSWORD);

        String first = auditor.page(R07);
        assertThat(first).contains("learners 1 to 50 of 55").contains("Page 1 of 2")
                .contains(">RP050<").doesNotContain(">RP051<");
        String second = auditor.page(R07 + "?page=2");
        assertThat(second).contains("learners 51 to 55 of 55").contains(">RP055<").doesNotContain(">RP001<");
        assertThat(SignedIn.rows(second, "RP054")).as("the learner's two aims, on programme").hasSize(2)
                .allSatisfy(row -> assertThat(row.get(4)).isEqualTo("1"));
        assertThat(SignedIn.byId(second, "sha256")).isEqualTo(freshSha256(api));

        String changeId = raiseWithdrawal(api, "RP054");
        assertThat(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);

        String after = auditor.page(R07 + "?page=2");
        assertThat(SignedIn.rows(after, "RP054")).as("the next view shows both aims withdrawn").hasSize(2)
                .allSatisfy(row -> assertThat(row.get(4)).isEqualTo("3"));
        assertThat(SignedIn.rows(after, "RP055")).as("the other learners as they were").hasSize(2)
                .allSatisfy(row -> assertThat(row.get(4)).isEqualTo("1"));
        assertThat(SignedIn.byId(after, "sha256")).as("the page's return is the one built afresh")
                .isEqualTo(freshSha256(api)).isNotEqualTo(SignedIn.byId(second, "sha256"));
        assertThat(api.get("auditor", "/api" + R07).text("/sha256")).as("the API's return as now")
                .isEqualTo(freshSha256(api));

        String beyond = auditor.page(R07 + "?page=9");
        assertThat(beyond).as("a page past the end shows the last").contains("Page 2 of 2");
    }

    @Test
    void theDiffPageShowsTwentyLearnersAPageAndTogetherThePagesAreTheApisDiff() throws Exception {
        Api api = new Api(rest, json);
        int ukprn = 10009032;
        for (int n = 1; n <= 45; n++) {
            Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners",
                    SampleLearners.apprentice(String.format("DP%03d", n), START));
            assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        }
        String path = "/providers/" + ukprn + "/returns/2526/R07";
        Api.Answer diff = api.get("auditor", "/api" + path + "/diff?against=R01");
        assertThat(diff.status()).as(diff.body().toString()).isEqualTo(200);
        TreeSet<String> differing = new TreeSet<>();
        diff.body().at("/differences").forEach(d -> differing.add(d.at("/learnRefNumber").asText()));
        assertThat(differing).as("every learner started after R01's last day").hasSize(45);
        SignedIn auditor = new SignedIn(port);
        auditor.signIn("auditor", IntegrationTest.PASSWORD);

        List<String> expected = List.copyOf(differing);
        List<List<String>> shown = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            String html = auditor.page(path + "?against=R01&diffPage=" + page);
            assertThat(html).contains("45 learners differ").contains("Differences page " + page + " of 3");
            List<List<String>> rows = SignedIn.rows(diffTable(html), "").stream().filter(row -> !row.isEmpty()).toList();
            assertThat(rows.stream().map(row -> row.get(0)).distinct().toList()).as("page %d's learners", page)
                    .isEqualTo(expected.subList((page - 1) * 20, Math.min(45, page * 20)));
            shown.addAll(rows);
        }
        assertThat(shown).as("the pages together hold every difference the API gives, once")
                .hasSize(diff.body().at("/differences").size());
        assertThat(diffTable(auditor.page(path + "?against=R01&diffPage=7"))).as("a page past the end shows the last")
                .contains(">DP045<").doesNotContain(">DP040<");
    }

    private static String diffTable(String html) {
        int start = html.indexOf("id=\"diff\"");
        assertThat(start).as("the page has a diff table").isNotNegative();
        return html.substring(start, html.indexOf("</table>", start));
    }

    @Test
    void theCaseloadCountsEachLearnerAtEachMonthsEndByTheProgrammeAimTheyHadStartedLast() throws Exception {
        Api api = new Api(rest, json);
        int ukprn = 10009024;
        for (String ref : List.of("ON", "BRK", "WD", "DONE")) {
            Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners", apprentice(ref));
            assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        }
        approved(api, ukprn, "BRK", "BREAK_IN_LEARNING", "2025-10-31", Map.of());
        approved(api, ukprn, "BRK", "RESTART", "2026-01-05", Map.of("learnPlanEndDate", "2027-06-30", "tnp1", 5000,
                "tnp2", 800, "pHours", 250));
        approved(api, ukprn, "WD", "WITHDRAWAL", LAST_DAY.toString(), Map.of("learnActEndDate", LAST_DAY.toString(),
                "withdrawReason", 97));
        approved(api, ukprn, "DONE", "COMPLETION", "2026-01-30", Map.of());
        SignedIn auditor = new SignedIn(port);
        auditor.signIn("auditor", IntegrationTest.PASSWORD);

        // Columns: on programme, on a break, withdrawn, completed, outcome pending, total.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String caseload = auditor.page("/caseload?year=2526&ukprn=" + ukprn);
            assertThat(SignedIn.rows(caseload, "August 2025")).containsExactly(List.of("0", "0", "0", "0", "0", "0"));
            assertThat(SignedIn.rows(caseload, "September 2025")).containsExactly(List.of("4", "0", "0", "0", "0", "4"));
            assertThat(SignedIn.rows(caseload, "October 2025")).as("BRK's break began on 31 October")
                    .containsExactly(List.of("3", "1", "0", "0", "0", "4"));
            assertThat(SignedIn.rows(caseload, "December 2025")).containsExactly(List.of("3", "1", "0", "0", "0", "4"));
            assertThat(SignedIn.rows(caseload, "January 2026")).as("BRK restarted; DONE finished learning")
                    .containsExactly(List.of("3", "0", "0", "0", "1", "4"));
            assertThat(SignedIn.rows(caseload, "February 2026")).as("WD withdrawn in February")
                    .containsExactly(List.of("2", "0", "1", "0", "1", "4"));
            assertThat(SignedIn.rows(caseload, "March 2026")).as("and gone from the caseload after it")
                    .containsExactly(List.of("2", "0", "0", "0", "1", "3"));
        });
    }

    private static IlrLearner apprentice(String ref) {
        IlrLearner sample = SampleLearners.apprentice(ref, START);
        return sample.withLearningDeliveries(sample.learningDeliveries().stream().map(aim -> {
            LearningDelivery.Builder b = aim.toBuilder();
            b.learnPlanEndDate = LocalDate.of(2026, 12, 18);
            return b.build();
        }).toList());
    }

    private static void approved(Api api, int ukprn, String ref, String type, String effective,
            Map<String, Object> values) {
        String evidence = api.upload("raiser", "scenario.txt", (type + " of " + ref).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        Api.Answer raised = api.post("raiser", "/api/providers/" + ukprn + "/learners/" + ref + "/changes",
                Map.of("type", type, "effectiveDate", effective, "values", values, "reason", type + " of " + ref,
                        "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    /** The return as known now, built from the event log by the API (a time given: nothing kept is used). */
    private static String freshSha256(Api api) {
        Api.Answer fresh = api.get("auditor", "/api" + R07 + "?asOf=" + Instant.now());
        assertThat(fresh.status()).as(fresh.body().toString()).isEqualTo(200);
        return fresh.text("/sha256");
    }

    private static String raiseWithdrawal(Api api, String ref) {
        Api.Answer uploaded = api.upload("raiser", "email.txt", ("Withdrawal of " + ref).getBytes(StandardCharsets.UTF_8));
        Api.Answer raised = api.post("raiser", "/api/providers/" + UKPRN + "/learners/" + ref + "/changes", Map.of(
                "type", "WITHDRAWAL", "effectiveDate", LAST_DAY.toString(),
                "values", Map.of("learnActEndDate", LAST_DAY.toString(), "withdrawReason", 97),
                "reason", "Learner left", "evidence", List.of(uploaded.text("/evidenceId"))));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }
}
