package uk.ilrledger.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.ProviderRequests;

/**
 * Auditors' reads of a learner's ILR and history are recorded (who, which learner, what as of when)
 * and shown to admins and auditors; other users' reads are not, and the record cannot be changed.
 */
@IntegrationTest
class ReadAuditTest {

    static final int UKPRN = 10000001;
    static final Duration PROJECTIONS = Duration.ofSeconds(20);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
    }

    @Test
    void anAuditorsReadsOfALearnerAreRecordedWithWhatTheyAskedForAndShownToAdminsAndAuditors() {
        String ref = register();
        String untouched = register();
        await().atMost(PROJECTIONS).until(() -> api.get("approver", learner(ref)).status() == 200);
        assertThat(api.get("approver", learner(ref) + "/history").status()).isEqualTo(200);
        Instant knownAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant before = Instant.now();

        assertThat(api.get("auditor", learner(ref)).status()).isEqualTo(200);
        assertThat(api.get("auditor", learner(ref) + "?asOf=" + knownAt).status()).isEqualTo(200);
        assertThat(api.get("auditor", learner(ref) + "?effectiveOn=2026-01-31").status()).isEqualTo(200);
        assertThat(api.get("auditor", learner(ref) + "/history").status()).isEqualTo(200);
        assertThat(api.get("auditor", learner("NOSUCH1") + "/history").status()).as("an unknown learner")
                .isEqualTo(404);

        Api.Answer audit = api.get("admin", "/api/providers/" + UKPRN + "/read-audit?learner=" + ref);
        assertThat(audit.status()).as(audit.body().toString()).isEqualTo(200);
        List<JsonNode> reads = list(audit.body());
        assertThat(reads).as("the auditor's four reads, newest first; the approver's are not audited").hasSize(4);
        assertThat(reads).extracting(read -> read.path("what").asText())
                .containsExactly("HISTORY", "ILR", "ILR", "ILR");
        assertThat(reads).extracting(read -> read.path("readBy").asText()).containsOnly("auditor");
        assertThat(reads).extracting(read -> read.path("learnRefNumber").asText()).containsOnly(ref);
        assertThat(reads.get(1).path("effectiveOn").asText()).isEqualTo("2026-01-31");
        assertThat(Instant.parse(reads.get(2).path("asOf").asText())).isEqualTo(knownAt);
        assertThat(reads.get(3).has("asOf")).as("a read of the ILR now has no asOf").isFalse();
        for (JsonNode read : reads) {
            assertThat(Instant.parse(read.path("readAt").asText())).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(read.path("storePosition").asLong()).as("the store position the answer reflected")
                    .isPositive();
        }

        Api.Answer byAuditor = api.get("auditor", "/api/providers/" + UKPRN + "/read-audit?learner=" + ref);
        assertThat(byAuditor.status()).isEqualTo(200);
        assertThat(list(byAuditor.body())).hasSize(4);
        Api.Answer provider = api.get("auditor", "/api/providers/" + UKPRN + "/read-audit?limit=1000");
        assertThat(list(provider.body())).extracting(read -> read.path("learnRefNumber").asText())
                .as("the provider's reads").contains(ref).doesNotContain(untouched);
        assertThat(list(api.get("admin", "/api/providers/" + UKPRN + "/read-audit?learner=" + untouched).body()))
                .as("a learner no auditor read").isEmpty();

        for (String user : List.of("raiser", "approver", "exporter")) {
            Api.Answer refused = api.get(user, "/api/providers/" + UKPRN + "/read-audit?learner=" + ref);
            assertThat(refused.status()).as(user + " reading the read audit").isEqualTo(403);
        }
        Api.Answer badLimit = api.get("admin", "/api/providers/" + UKPRN + "/read-audit?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.text("/errors/0/field")).isEqualTo("limit");
    }

    @Test
    void theRecordOfReadsCannotBeChangedOrDeleted() {
        String ref = register();
        await().atMost(PROJECTIONS).until(() -> api.get("auditor", learner(ref)).status() == 200);
        long recorded = count(ref);
        assertThat(recorded).isPositive();

        assertThatThrownBy(() -> jdbc.sql("DELETE FROM learner_read WHERE learn_ref_number = ?").param(ref).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("UPDATE learner_read SET read_by = 'someone else' WHERE learn_ref_number = ?")
                .param(ref).update()).hasMessageContaining("append-only");
        assertThat(count(ref)).isEqualTo(recorded);
    }

    private long count(String ref) {
        return jdbc.sql("SELECT count(*) FROM learner_read WHERE learn_ref_number = ? AND read_by = 'auditor'")
                .param(ref).query(Long.class).single();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }

    private String register() {
        return new ProviderRequests(api).register(UKPRN, "R");
    }

    private static String learner(String ref) {
        return ProviderRequests.learner(UKPRN, ref);
    }
}
