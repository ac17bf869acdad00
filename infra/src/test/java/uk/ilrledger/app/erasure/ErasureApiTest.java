package uk.ilrledger.app.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.ProviderScenarioTest;
import uk.ilrledger.app.export.IlrFile;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LlddAndHealthProblem;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A learner imported, corrected and erased through the API: their personal fields are never stored in
 * the clear, and after the erasure the history, the current ILR, the return, the exported file (valid
 * against the year's XSD), the chain and rebuilt projections all still work, with those fields erased;
 * another learner of the same provider keeps theirs.
 */
@IntegrationTest
class ErasureApiTest extends ProviderScenarioTest {

    /** The provider's API and its path, {@code /api/providers/{ukprn}}. */
    Api api;
    String path;

    @BeforeEach
    void paths() {
        api = provider.api;
        path = provider.provider;
    }

    /** A learner whose every personal field holds a value found nowhere else. */
    private IlrLearner learner(String ref, String familyName, String email) {
        IlrLearner.Builder b = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)).toBuilder();
        b.familyName = familyName;
        b.givenNames = "Orlagh";
        b.dateOfBirth = LocalDate.of(2001, 3, 4);
        b.ethnicity = 34;
        b.llddHealthProb = 1;
        b.llddAndHealthProblems = List.of(new LlddAndHealthProblem(4, 1));
        b.niNumber = "HZ482917B";
        b.postcodePrior = "B12 9QQ";
        b.postcode = "B12 9QQ";
        b.addLine1 = "12 Quarrystone Row";
        b.telNo = "07700900461";
        b.email = email;
        return b.build();
    }

    private void correct(String ref, Map<String, Object> learnerFields) {
        provider.approve(provider.raise(ref, "CORRECTION", "2025-10-01", Map.of("learner", learnerFields)));
    }

    /** The learner's stored events' payloads and every projection row of theirs, as text. */
    private String stored(String ref) {
        String aggregate = provider.ukprn + ":" + ref;
        StringBuilder text = new StringBuilder();
        jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?").param(aggregate)
                .query(byte[].class).list().forEach(bytes -> text.append(new String(bytes, StandardCharsets.UTF_8)));
        for (String table : List.of("learner_event_log", "current_ilr_learner", "learner_history_entry",
                "learner_history_state", "change_request")) {
            jdbc.sql("SELECT CAST(t AS text) FROM " + table + " t WHERE ukprn = ? AND learn_ref_number = ?")
                    .params(provider.ukprn, ref).query(String.class).list().forEach(text::append);
        }
        return text.toString();
    }

    @Test
    void anErasedLearnersHistoryReturnFileChainAndRebuiltProjectionsShowTheirPersonalFieldsErased() {
        provider.register(learner("ERASE1", "Zenthwaite", "orlagh.zenthwaite@example.org"));
        provider.register(learner("KEEP1", "Abernethy", "orlagh.abernethy@example.org"));
        correct("ERASE1", Map.of("familyName", "Zenthwaite-Marr"));
        assertThat(api.get("auditor", path + "/learners/ERASE1").body().get("familyName").asText())
                .as("sealed values open for whoever may read the learner").isEqualTo("Zenthwaite-Marr");

        String sealed = (jdbc.sql("SELECT string_agg(encode(payload, 'escape'), '') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?").param(provider.ukprn + ":ERASE1").query(String.class).single());
        assertThat(sealed).as("the event store holds the personal values sealed, never in the clear")
                .contains("$sealed").doesNotContain("Zenthwaite", "Orlagh", "2001-03-04", "HZ482917B", "B12 9QQ",
                        "Quarrystone", "07700900461", "orlagh.");

        Api.Answer noReason = api.post("admin", path + "/learners/ERASE1/erasure", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.headers().getContentType()).hasToString("application/problem+json");
        assertThat(noReason.body().toString()).contains("reason");
        assertThat(api.post("approver", path + "/learners/ERASE1/erasure", Map.of("reason", "asked")).status())
                .as("an ADMIN requests").isEqualTo(403);

        Api.Answer requested = api.post("admin", path + "/learners/ERASE1/erasure",
                Map.of("reason", "The learner asked to be erased; funding evidence retention ended"));
        assertThat(requested.status()).as(requested.body().toString()).isEqualTo(202);
        assertThat(requested.text("/status")).isEqualTo("REQUESTED");
        assertThat(api.get("auditor", path + "/learners/ERASE1").body().get("familyName").asText())
                .as("nothing erased until approved").isEqualTo("Zenthwaite-Marr");
        assertThat(api.post("admin", path + "/learners/ERASE1/erasure", Map.of("reason", "again")).status())
                .as("one request at a time").isEqualTo(409);

        Api.Answer approved = api.post("approver", path + "/learners/ERASE1/erasure/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("/status")).isEqualTo("ERASED");
        assertThat(api.post("admin", path + "/learners/ERASE1/erasure", Map.of("reason", "again")).status())
                .as("once only").isEqualTo(409);

        JsonNode current = api.get("auditor", path + "/learners/ERASE1").body();
        assertThat(current.get("familyName").asText()).isEqualTo("[erased]");
        assertThat(current.get("givenNames").asText()).isEqualTo("[erased]");
        assertThat(current.get("email").asText()).isEqualTo("[erased]");
        assertThat(current.get("postcode").asText()).isEqualTo("[erased]");
        assertThat(current.has("dateOfBirth")).isFalse();
        assertThat(current.get("ethnicity").asInt()).as("not provided").isEqualTo(99);
        assertThat(current.get("llddHealthProb").asInt()).as("not provided").isEqualTo(9);
        assertThat(current.has("llddAndHealthProblems")).isFalse();
        assertThat(current.get("uln").asLong()).as("funding evidence stays").isEqualTo(SampleLearners.ULN);
        assertThat(current.at("/learningDeliveries/0/learnAimRef").asText()).isEqualTo("ZPROG001");
        assertThat(api.get("auditor", path + "/learners/KEEP1").body().get("familyName").asText())
                .as("another learner keeps theirs").isEqualTo("Abernethy");

        JsonNode history = api.get("auditor", path + "/learners/ERASE1/history").body();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("type").asText()).isEqualTo("REGISTRATION");
        assertThat(history.get(1).get("fieldChanges").toString()).contains("familyName", "[erased]");
        assertThat(history.get(2).get("type").asText()).isEqualTo("ERASURE");
        assertThat(history.get(2).get("raisedBy").asText()).isEqualTo("admin");
        assertThat(history.get(2).get("decidedBy").asText()).isEqualTo("approver");
        assertThat(history.toString()).doesNotContain("Zenthwaite", "HZ482917B", "B12 9QQ", "2001-03-04");
        assertThat(api.get("auditor", path + "/learners/ERASE1?effectiveOn=2025-09-15").body()
                .get("familyName").asText()).as("a point-in-time read").isEqualTo("[erased]");

        JsonNode snapshot = api.get("exporter", path + "/returns/2526/R14").body();
        assertThat(snapshot.toString()).doesNotContain("Zenthwaite").contains("[erased]", "Abernethy");
        assertThat(snapshot.get("learners")).hasSize(2);

        byte[] file = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(path + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class).getBody();
        IlrFile exported = IlrFile.valid(IlrSchema.Y2526, file);
        assertThat(exported.all("LearnRefNumber")).containsExactly("ERASE1", "KEEP1");
        assertThat(exported.all("FamilyName")).as("left out for the erased learner").containsExactly("Abernethy");
        assertThat(exported.all("DateOfBirth")).containsExactly("2001-03-04");
        assertThat(exported.all("NINumber")).containsExactly("HZ482917B");
        assertThat(exported.all("Email")).containsExactly("orlagh.abernethy@example.org");
        assertThat(exported.all("Postcode")).containsExactly("ZZ99 9ZZ", "B12 9QQ");
        assertThat(exported.all("Ethnicity")).containsExactly("99", "34");
        assertThat(exported.all("LLDDHealthProb")).containsExactly("9", "1");
        assertThat(exported.all("LLDDCat")).as("only the other learner's").containsExactly("4");
        assertThat(exported.all("LearnAimRef")).as("the erased learner's funded learning is returned")
                .containsExactly("ZPROG001", "60000001", "ZPROG001", "60000001");
        assertThat(new String(file, StandardCharsets.UTF_8)).doesNotContain("Zenthwaite", "orlagh.zenthwaite");

        for (String ref : List.of("ERASE1", "KEEP1")) {
            JsonNode verification = api.get("auditor", path + "/learners/" + ref + "/verification").body();
            assertThat(verification.get("intact").asBoolean()).as(ref + ": " + verification).isTrue();
        }
        assertThat(stored("ERASE1")).as("no copy of the values anywhere the ledger keeps the learner")
                .doesNotContain("Zenthwaite", "Orlagh", "2001-03-04", "HZ482917B", "B12 9QQ", "Quarrystone",
                        "07700900461", "orlagh.");
        assertThat(stored("KEEP1")).as("the other learner's projections keep theirs").contains("Abernethy");

        for (String projection : List.of("current-ilr", "learner-history", "event-log")) {
            String before = replay(projection).path("startedAt").asText();
            Api.Answer started = api.post("admin", "/api/admin/replays/" + projection, Map.of());
            assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                JsonNode progress = replay(projection);
                assertThat(progress.path("state").asText()).as(progress.toString()).isNotEqualTo("FAILED");
                return !progress.path("startedAt").asText().equals(before) && progress.path("state").asText().equals("DONE");
            });
        }
        JsonNode rebuilt = api.get("auditor", path + "/learners/ERASE1").body();
        assertThat(rebuilt.get("familyName").asText()).as("rebuilt from the events").isEqualTo("[erased]");
        assertThat(rebuilt.get("uln").asLong()).isEqualTo(SampleLearners.ULN);
        assertThat(api.get("auditor", path + "/learners/KEEP1").body().get("familyName").asText())
                .isEqualTo("Abernethy");
        JsonNode rebuiltHistory = api.get("auditor", path + "/learners/ERASE1/history").body();
        assertThat(rebuiltHistory).hasSize(3);
        assertThat(rebuiltHistory.toString()).doesNotContain("Zenthwaite");
        assertThat(stored("ERASE1")).doesNotContain("Zenthwaite", "HZ482917B", "2001-03-04");
    }

    /** The projection's latest rebuild, or nothing if none ran. */
    private JsonNode replay(String projection) {
        for (JsonNode progress : api.get("admin", "/api/admin/replays").body()) {
            if (progress.get("projection").asText().equals(projection)) {
                return progress;
            }
        }
        return json.createObjectNode();
    }
}
