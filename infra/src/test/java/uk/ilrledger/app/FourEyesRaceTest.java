package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Deciding a change: two approvers racing for the same change, rejection, and retried raises.
 * A change is decided exactly once, by one person, and a retry never records a second event.
 */
@IntegrationTest
class FourEyesRaceTest {

    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final Duration PROJECTIONS = Duration.ofSeconds(20);
    static final int RACES = 5;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void twoApproversApprovingAtTheSameMomentOneWinsAndTheOtherGets409() throws Exception {
        for (int race = 1; race <= RACES; race++) {
            String ref = register();
            String changeId = raised(raiseWithdrawal("raiser", ref, null));
            String path = "/api/changes/" + changeId + "/approval";
            CyclicBarrier start = new CyclicBarrier(2);
            Map<String, Future<Api.Answer>> answers = new HashMap<>();
            for (String approver : List.of("approver", "approver2")) {
                answers.put(approver, pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS); // both requests leave together
                    return api.post(approver, path, Map.of("comment", "checked by " + approver));
                }));
            }
            Api.Answer first = answers.get("approver").get(30, TimeUnit.SECONDS);
            Api.Answer second = answers.get("approver2").get(30, TimeUnit.SECONDS);

            String round = "race " + race + ": approver " + first.status() + " " + first.body()
                    + ", approver2 " + second.status() + " " + second.body();
            assertThat(List.of(first.status(), second.status())).as(round).containsExactlyInAnyOrder(200, 409);
            String winner = first.status() == 200 ? "approver" : "approver2";
            Api.Answer loser = first.status() == 200 ? second : first;
            assertThat(loser.headers().getContentType()).as(round).hasToString("application/problem+json");
            assertThat(loser.text("/detail")).as(round + ": the loser is told who decided")
                    .contains("already approved by " + winner);

            assertThat(storedEvents(ref, "ChangeApproved")).as(round + ": ChangeApproved events").isEqualTo(1);
            assertThat(storedEvents(ref, "LearnerWithdrawn")).as(round + ": LearnerWithdrawn events").isEqualTo(1);
            await().atMost(PROJECTIONS).untilAsserted(() -> {
                List<JsonNode> entries = historyOf(ref, changeId);
                assertThat(entries).as(round + ": history entries of the change").hasSize(1);
                assertThat(entries.get(0).path("status").asText()).isEqualTo("APPROVED");
                assertThat(entries.get(0).path("decidedBy").asText()).as(round + ": decidedBy").isEqualTo(winner);
                assertThat(entries.get(0).path("decisionComment").asText()).isEqualTo("checked by " + winner);
            });
        }
    }

    @Test
    void aRejectedChangeLeavesTheIlrUnchangedAndStaysInHistoryWithTheReason() {
        String ref = register();
        String changeId = raised(raiseWithdrawal("raiser", ref, null));
        String why = "The email is from a different learner";

        Api.Answer rejected = api.post("approver", "/api/changes/" + changeId + "/rejection", Map.of("reason", why));

        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.text("/status")).isEqualTo("REJECTED");
        assertThat(storedEvents(ref, "LearnerWithdrawn")).as("LearnerWithdrawn events").isZero();
        await().atMost(PROJECTIONS).untilAsserted(() -> {
            List<JsonNode> entries = historyOf(ref, changeId);
            assertThat(entries).hasSize(1);
            JsonNode entry = entries.get(0);
            assertThat(entry.path("status").asText()).isEqualTo("REJECTED");
            assertThat(entry.path("decidedBy").asText()).isEqualTo("approver");
            assertThat(entry.path("decisionComment").asText()).as("rejection reason").isEqualTo(why);
            assertThat(entry.path("reason").asText()).isEqualTo("Learner emailed to say they have left the programme");
            assertThat(entry.path("fieldChanges")).as("ILR fields changed by a rejected change").isEmpty();
        });

        // The current-ILR projection handles events in order: once a later registration shows, the
        // rejection has been handled too, so an unchanged record below is not merely a lagging one.
        String later = register();
        await().atMost(PROJECTIONS).until(() -> api.get("auditor", PROVIDER + "/learners/" + later).status() == 200);
        JsonNode learner = api.get("auditor", PROVIDER + "/learners/" + ref).body();
        assertThat(learner.get("learningDeliveries")).hasSize(2);
        for (JsonNode aim : learner.get("learningDeliveries")) {
            assertThat(aim.path("compStatus").asInt()).as("compStatus after a rejected withdrawal").isEqualTo(1);
            assertThat(aim.has("learnActEndDate")).as("learnActEndDate after a rejected withdrawal").isFalse();
            assertThat(aim.has("withdrawReason")).as("withdrawReason after a rejected withdrawal").isFalse();
        }

        // Decided means decided: a rejected change cannot then be approved.
        long before = allEvents();
        Api.Answer approveAfter = api.post("approver2", "/api/changes/" + changeId + "/approval", Map.of());
        assertThat(approveAfter.status()).as(approveAfter.body().toString()).isEqualTo(409);
        assertThat(approveAfter.text("/errors/0/field")).isEqualTo("changeId");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void aRejectionWithoutAReasonIs400NamingReasonAndStoresNothing() {
        String ref = register();
        String changeId = raised(raiseWithdrawal("raiser", ref, null));
        long before = allEvents();
        String rejection = "/api/changes/" + changeId + "/rejection";

        Api.Answer noReason = api.post("approver", rejection, Map.of());
        assertThat(noReason.status()).as(noReason.body().toString()).isEqualTo(400);
        assertThat(noReason.text("/errors/0/field")).isEqualTo("reason");

        Api.Answer blankReason = api.post("approver", rejection, Map.of("reason", "   "));
        assertThat(blankReason.status()).as(blankReason.body().toString()).isEqualTo(400);
        assertThat(blankReason.text("/errors/0/field")).isEqualTo("reason");

        assertThat(allEvents()).as("events stored by refused rejections").isEqualTo(before);
        // Still undecided: a proper rejection goes through.
        assertThat(api.post("approver", rejection, Map.of("reason", "Wrong learner")).status()).isEqualTo(200);
    }

    @Test
    void theRaiserCannotRejectTheirOwnChange() {
        String ref = register();
        String changeId = raised(raiseWithdrawal("approver", ref, null));
        long before = allEvents();

        Api.Answer own = api.post("approver", "/api/changes/" + changeId + "/rejection", Map.of("reason", "mine"));

        assertThat(own.status()).as(own.body().toString()).isEqualTo(403);
        assertThat(own.text("/detail")).contains("four eyes");
        assertThat(allEvents()).isEqualTo(before);
        assertThat(api.post("approver2", "/api/changes/" + changeId + "/rejection", Map.of("reason", "not evidenced"))
                .status()).isEqualTo(200);
    }

    @Test
    void aRetriedRaiseWithTheSameChangeIdAndBodyAnswersTheSameChangeAndRecordsNothingNew() {
        String ref = register();
        String evidenceId = evidence();
        UUID changeId = UUID.randomUUID();

        Api.Answer first = raiseWithdrawal("raiser", ref, changeId, evidenceId, "Learner emailed to say they have left");
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(first.text("/changeId")).isEqualTo(changeId.toString());
        long afterFirst = allEvents();

        Api.Answer retry = raiseWithdrawal("raiser", ref, changeId, evidenceId, "Learner emailed to say they have left");
        assertThat(retry.status()).as(retry.body().toString()).isEqualTo(201);
        assertThat(retry.text("/changeId")).as("changeId answered to the retry").isEqualTo(changeId.toString());
        assertThat(retry.text("/status")).isEqualTo("RAISED");
        assertThat(allEvents()).as("events recorded by the retry").isEqualTo(afterFirst);
        assertThat(storedEvents(ref, "ChangeRaised")).isEqualTo(1);

        Api.Answer different = raiseWithdrawal("raiser", ref, changeId, evidenceId, "A different reason entirely");
        assertThat(different.status()).as(different.body().toString()).isEqualTo(409);
        assertThat(different.text("/errors/0/field")).isEqualTo("changeId");
        assertThat(allEvents()).as("events recorded by the conflicting raise").isEqualTo(afterFirst);

        await().atMost(PROJECTIONS).untilAsserted(() -> {
            List<JsonNode> entries = historyOf(ref, changeId.toString());
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).path("reason").asText()).isEqualTo("Learner emailed to say they have left");
        });
    }

    // --- helpers ---

    private String register() {
        String ref = "R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Api.Answer registered = api.post("admin", PROVIDER + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return ref;
    }

    private String evidence() {
        Api.Answer uploaded = api.upload("raiser", "withdrawal-email.txt",
                ("I have left the course. " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        return uploaded.text("/evidenceId");
    }

    private Api.Answer raiseWithdrawal(String user, String ref, UUID changeId) {
        return raiseWithdrawal(user, ref, changeId, evidence(), "Learner emailed to say they have left the programme");
    }

    private Api.Answer raiseWithdrawal(String user, String ref, UUID changeId, String evidenceId, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "type", "WITHDRAWAL",
                "effectiveDate", "2026-02-27",
                "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                "reason", reason,
                "evidence", List.of(evidenceId)));
        if (changeId != null) {
            body.put("changeId", changeId.toString());
        }
        return api.post(user, PROVIDER + "/learners/" + ref + "/changes", body);
    }

    private static String raised(Api.Answer raised) {
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }

    private List<JsonNode> historyOf(String ref, String changeId) {
        Api.Answer history = api.get("auditor", PROVIDER + "/learners/" + ref + "/history");
        assertThat(history.status()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        history.body().forEach(entry -> {
            if (changeId.equals(entry.path("changeId").asText())) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private long allEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    /** Events of one type in the learner's stream. */
    private long storedEvents(String ref, String eventType) {
        return jdbc.sql("""
                SELECT count(*) FROM domain_event_entry
                WHERE aggregate_identifier = ? AND (payload_type = ? OR payload_type LIKE ?)""")
                .params(SampleLearners.UKPRN + ":" + ref, eventType, "%." + eventType)
                .query(Long.class).single();
    }
}
