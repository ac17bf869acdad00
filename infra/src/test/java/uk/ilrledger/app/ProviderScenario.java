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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * One provider of its own (a random UKPRN) whose learners are registered, changed through raise and
 * approve, and read back through the API: the learner, its history, R-return snapshots and ILR files.
 */
public final class ProviderScenario {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public final Api api;
    public final int ukprn;
    public final String provider;
    private final JdbcClient jdbc;
    private final String evidence;

    ProviderScenario(TestRestTemplate rest, ObjectMapper json, JdbcClient jdbc) {
        this.api = new Api(rest, json);
        this.jdbc = jdbc;
        this.ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        this.provider = "/api/providers/" + ukprn;
        this.evidence = api.upload("raiser", "evidence.txt", ("letter for " + provider).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
    }

    public void register(Object learner) {
        Api.Answer answer = api.post("admin", provider + "/learners", learner);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
    }

    /** An apprentice starting {@code start} (ISO date) whose aims are planned to end {@code planEnd}. */
    public void register(String ref, String start, String planEnd) {
        IlrLearner sample = SampleLearners.apprentice(ref, LocalDate.parse(start));
        List<LearningDelivery> aims = sample.learningDeliveries().stream().map(aim -> {
            LearningDelivery.Builder b = aim.toBuilder();
            b.learnPlanEndDate = LocalDate.parse(planEnd);
            return b.build();
        }).toList();
        register(sample.withLearningDeliveries(aims));
    }

    public Api.Answer raise(String ref, String type, String effective, Map<String, Object> values, Object... aims) {
        return api.post("raiser", provider + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effective, "values", values, "aims", List.of(aims), "reason", type + " of " + ref,
                "evidence", List.of(evidence)));
    }

    /** Approves a change just raised, by a second person, and answers its id. */
    public String approve(Api.Answer raised) {
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        String changeId = raised.text("/changeId");
        Api.Answer approved = api.post("approver", "/api/changes/" + changeId + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return changeId;
    }

    /** A change raised and approved by a second person; answers its id. */
    public String change(String ref, String type, String effective, Map<String, Object> values, Object... aims) {
        return approve(raise(ref, type, effective, values, aims));
    }

    public void refused(Api.Answer answer, int status, String ruleId, String field) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.text("/errors/0/field")).as(answer.body().toString()).isEqualTo(field);
        if (ruleId != null) {
            assertThat(answer.text("/ruleId")).as(answer.body().toString()).isEqualTo(ruleId);
        }
    }

    public JsonNode learnerWhen(String ref, Predicate<JsonNode> ready) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            JsonNode learner = api.get("auditor", provider + "/learners/" + ref).body();
            seen.add(0, learner);
            return ready.test(learner);
        });
        return seen.get(0);
    }

    /** The history entry of {@code changeId} once it is decided and its field changes recorded. */
    public JsonNode historyOf(String ref, String changeId) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (JsonNode entry : api.get("auditor", provider + "/learners/" + ref + "/history").body()) {
                if (changeId.equals(entry.path("changeId").asText()) && entry.path("fieldChanges").size() > 0) {
                    seen.add(0, entry);
                    return true;
                }
            }
            return false;
        });
        return seen.get(0);
    }

    public JsonNode snapshot(String year, String period) {
        long last = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
        await().atMost(WAIT).until(() -> api.get("exporter", provider + "/returns/" + year + "/" + period).body()
                .get("position").asLong() >= last);
        Api.Answer answer = api.get("exporter", provider + "/returns/" + year + "/" + period);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    /** The learner as {@code snapshot} returns them, or null when the return leaves them out. */
    public static JsonNode learnerIn(JsonNode snapshot, String ref) {
        for (JsonNode learner : snapshot.get("learners")) {
            if (learner.at("/learner/learnRefNumber").asText().equals(ref)) {
                return learner.get("learner");
            }
        }
        return null;
    }

    public byte[] export(String year, String period) {
        snapshot(year, period);
        Api.Download file = api.download("exporter", provider + "/returns/" + year + "/" + period + "/ilr.xml");
        assertThat(file.status()).isEqualTo(200);
        return file.bytes();
    }
}
