package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.ilrledger.app.ConfiguredUsers.user;
import static uk.ilrledger.app.ProviderRequests.learner;
import static uk.ilrledger.app.ProviderRequests.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Every role and provider boundary of the API, with configured users rather than the demo users
 * (who are granted every UKPRN, so provider grants could not be tested with them).
 * Each refused write is checked to have stored no event and no evidence.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Its scenarios change learners in 2025-26, as if that year were still open (see IntegrationTest).
        properties = {IntegrationTest.KEEP_2425_OPEN, IntegrationTest.KEEP_2526_OPEN})
@ContextConfiguration(initializers = TestInfrastructure.class)
// Its own application context: closed after the class, so it stops claiming the shared store's
// processor tokens that the other tests' context needs.
@DirtiesContext
class AccessControlTest {

    static final int GRANTED = 10000001;
    static final int OTHER = 10000002;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final Duration PROJECTIONS = Duration.ofSeconds(20);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    ProviderRequests requests;

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry registry) {
        ConfiguredUsers.register(registry,
                // Roles enough for everything, but only on provider 10000001.
                user("provider1", "RAISER,APPROVER,AUDITOR,ADMIN", "10000001"),
                user("raiser", "RAISER", "*"),
                // An approver who is not also a raiser.
                user("approver", "APPROVER", "*"),
                user("auditor", "AUDITOR", "*"),
                user("exporter", "EXPORTER", "*"),
                user("admin", "ADMIN", "*"));
    }

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        requests = new ProviderRequests(api);
    }

    @Test
    void aUserGrantedOneProviderCannotRegisterRaiseOrReadAnotherProvidersLearner() {
        String own = register(GRANTED);
        String other = register(OTHER);
        String evidenceId = evidence("provider1");
        // Control: provider1's roles suffice on its own provider, so a 403 below is the grant's doing.
        await().atMost(PROJECTIONS).until(() -> api.get("provider1", learner(GRANTED, own)).status() == 200);
        await().atMost(PROJECTIONS).until(() -> api.get("auditor", learner(OTHER, other)).status() == 200);
        Stored before = stored();

        assertForbidden(api.post("provider1", provider(OTHER) + "/learners", SampleLearners.apprentice(ref(), START)),
                "registering a learner at UKPRN 10000002");
        assertForbidden(raise("provider1", OTHER, other, evidenceId), "raising a withdrawal at UKPRN 10000002");
        assertThat(stored()).as("a refused register or raise stores no event").isEqualTo(before);

        assertForbidden(api.get("provider1", learner(OTHER, other)), "reading the ILR of a 10000002 learner");
        assertForbidden(api.get("provider1", learner(OTHER, other) + "/findings"),
                "reading the import findings of a 10000002 learner");
        assertForbidden(api.get("provider1", learner(OTHER, other) + "/history"),
                "reading the history of a 10000002 learner");
    }

    @Test
    void aUserGrantedOneProviderCannotDecideOrListAnotherProvidersChanges() {
        String own = register(GRANTED);
        String other = register(OTHER);
        String evidenceId = evidence("queue");
        String ownChange = raised("raiser", GRANTED, own, evidenceId);
        String otherChange = raised("raiser", OTHER, other, evidenceId);
        Stored before = stored();

        assertForbidden(api.post("provider1", "/api/changes/" + otherChange + "/approval",
                Map.of("comment", "looks right")), "approving a change of UKPRN 10000002");
        assertForbidden(api.post("provider1", "/api/changes/" + otherChange + "/rejection",
                Map.of("reason", "not ours")), "rejecting a change of UKPRN 10000002");
        assertThat(stored()).as("a refused approval or rejection stores no event").isEqualTo(before);

        assertForbidden(api.get("provider1", "/api/changes?ukprn=" + OTHER), "the change queue of UKPRN 10000002");

        // Both changes are in the queue (an unrestricted reader sees them) before provider1 looks.
        await().atMost(PROJECTIONS).untilAsserted(() ->
                assertThat(changeIds(api.get("auditor", "/api/changes"))).contains(ownChange, otherChange));
        assertForbidden(api.get("provider1", "/api/changes/" + otherChange), "one change of UKPRN 10000002");
        Api.Answer queue = api.get("provider1", "/api/changes");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(changeIds(queue)).as("provider1's queue").contains(ownChange).doesNotContain(otherChange);
        assertThat(each(queue, "ukprn")).as("ukprn of every change in provider1's queue")
                .containsOnly(String.valueOf(GRANTED));
        Api.Answer ownQueue = api.get("provider1", "/api/changes?ukprn=" + GRANTED);
        assertThat(ownQueue.status()).isEqualTo(200);
        assertThat(changeIds(ownQueue)).contains(ownChange).doesNotContain(otherChange);

        // Control: someone granted 10000002 may approve the change provider1 could not.
        Api.Answer approved = api.post("approver", "/api/changes/" + otherChange + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    @Test
    void auditorsAndExportersWriteNothing() {
        String ref = register(GRANTED);
        String evidenceId = evidence("read-only");
        String changeId = raised("raiser", GRANTED, ref, evidenceId);

        for (String user : List.of("auditor", "exporter")) {
            Stored before = stored();
            assertForbidden(api.post(user, provider(GRANTED) + "/learners", SampleLearners.apprentice(ref(), START)),
                    user + " registering a learner");
            assertForbidden(api.upload(user, "note.txt", ("uploaded by " + user + " " + UUID.randomUUID())
                    .getBytes(StandardCharsets.UTF_8)), user + " uploading evidence");
            assertForbidden(raise(user, GRANTED, ref, evidenceId), user + " raising a withdrawal");
            assertForbidden(api.post(user, "/api/changes/" + changeId + "/approval", Map.of()),
                    user + " approving a change");
            assertForbidden(api.post(user, "/api/changes/" + changeId + "/rejection", Map.of("reason", "no")),
                    user + " rejecting a change");
            assertThat(stored()).as("nothing stored after " + user + "'s refused writes").isEqualTo(before);
        }
    }

    @Test
    void aRaiserCannotApproveRejectOrRegister() {
        String ref = register(GRANTED);
        // Raised by someone else, so only the RAISER role (not four eyes) can be the reason for a refusal.
        String changeId = raised("provider1", GRANTED, ref, evidence("raiser-limits"));
        Stored before = stored();

        assertForbidden(api.post("raiser", "/api/changes/" + changeId + "/approval", Map.of()), "raiser approving");
        assertForbidden(api.post("raiser", "/api/changes/" + changeId + "/rejection", Map.of("reason", "no")),
                "raiser rejecting");
        assertForbidden(api.post("raiser", provider(GRANTED) + "/learners", SampleLearners.apprentice(ref(), START)),
                "raiser registering a learner");
        assertThat(stored()).as("nothing stored after the raiser's refused writes").isEqualTo(before);
    }

    @Test
    void anApproverWithoutRaiserCannotRaiseOrUploadButCanApprove() {
        String ref = register(GRANTED);
        String evidenceId = evidence("approver-limits");
        Stored before = stored();

        assertForbidden(raise("approver", GRANTED, ref, evidenceId), "an APPROVER-only user raising a withdrawal");
        assertForbidden(api.upload("approver", "note.txt", ("approver " + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8)), "an APPROVER-only user uploading evidence");
        assertThat(stored()).as("nothing stored after the approver's refused writes").isEqualTo(before);

        String changeId = raised("raiser", GRANTED, ref, evidenceId);
        Api.Answer approved = api.post("approver", "/api/changes/" + changeId + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    @Test
    void anAdminRegistersLearnersButDoesNotRaiseChanges() {
        Stored before = stored();
        String ref = ref();
        Api.Answer registered = api.post("admin", provider(OTHER) + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        assertThat(registered.text("/learnRefNumber")).isEqualTo(ref);
        assertThat(stored().events()).as("a registration records one event").isEqualTo(before.events() + 1);

        Stored afterRegistration = stored();
        assertForbidden(raise("admin", OTHER, ref, evidence("admin")), "admin raising a withdrawal");
        assertThat(stored().events()).isEqualTo(afterRegistration.events());
    }

    @Test
    void anAuditorReadsTheLearnerItsHistoryAndTheChangeQueue() {
        String ref = register(OTHER);
        String changeId = raised("raiser", OTHER, ref, evidence("auditor-reads"));

        await().atMost(PROJECTIONS).untilAsserted(() -> {
            Api.Answer learner = api.get("auditor", learner(OTHER, ref));
            assertThat(learner.status()).isEqualTo(200);
            assertThat(learner.text("/learnRefNumber")).isEqualTo(ref);
        });
        await().atMost(PROJECTIONS).untilAsserted(() -> {
            Api.Answer history = api.get("auditor", learner(OTHER, ref) + "/history");
            assertThat(history.status()).isEqualTo(200);
            assertThat(each(history, "type")).containsExactly("REGISTRATION", "WITHDRAWAL");
        });
        await().atMost(PROJECTIONS).untilAsserted(() -> {
            Api.Answer queue = api.get("auditor", "/api/changes?status=RAISED&ukprn=" + OTHER);
            assertThat(queue.status()).isEqualTo(200);
            assertThat(changeIds(queue)).contains(changeId);
        });
        Api.Answer change = api.get("auditor", "/api/changes/" + changeId);
        assertThat(change.status()).isEqualTo(200);
        assertThat(change.text("/status")).isEqualTo("RAISED");
    }

    @Test
    void anExporterCannotReadLearnersHistoryOrTheChangeQueue() {
        String ref = register(GRANTED);
        await().atMost(PROJECTIONS).until(() -> api.get("auditor", learner(GRANTED, ref)).status() == 200);

        assertForbidden(api.get("exporter", learner(GRANTED, ref)), "exporter reading a learner's ILR");
        assertForbidden(api.get("exporter", learner(GRANTED, ref) + "/history"), "exporter reading history");
        assertForbidden(api.get("exporter", "/api/changes"), "exporter reading the change queue");
    }

    @Test
    void everyLearnerReaderAndTheExporterReadALearnersImportFindings() {
        String ref = register(GRANTED);
        for (String user : List.of("auditor", "approver", "raiser", "exporter", "admin")) {
            Api.Answer findings = api.get(user, learner(GRANTED, ref) + "/findings");
            assertThat(findings.status()).as(user + " reading findings: " + findings.body()).isEqualTo(200);
            assertThat(findings.body().get("findings").isArray()).as(findings.body().toString()).isTrue();
            assertThat(findings.body().get("findings").findValuesAsText("ruleId")).as("a sample learner breaks no rule")
                    .isEmpty();
        }
        assertUnauthorized(api.get(null, learner(GRANTED, ref) + "/findings"));
    }

    @Test
    void withoutCredentialsEveryRequestIs401WithAProblemAndABasicChallenge() {
        String ref = register(GRANTED);
        Stored before = stored();

        for (Api.Answer answer : List.of(
                api.get(null, learner(GRANTED, ref)),
                api.get(null, "/api/changes"),
                api.post(null, provider(GRANTED) + "/learners", SampleLearners.apprentice(ref(), START)),
                raise(null, GRANTED, ref, "0".repeat(64)))) {
            assertUnauthorized(answer);
            assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .as("WWW-Authenticate header of a 401").startsWith("Basic");
        }
        assertThat(stored()).as("nothing stored by unauthenticated writes").isEqualTo(before);
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIs401() {
        String ref = register(GRANTED);
        Stored before = stored();

        assertUnauthorized(call("provider1", "wrong-" + IntegrationTest.PASSWORD, HttpMethod.GET,
                learner(GRANTED, ref), null));
        assertUnauthorized(call("nobody", IntegrationTest.PASSWORD, HttpMethod.GET, learner(GRANTED, ref), null));
        assertUnauthorized(call("admin", "wrong-" + IntegrationTest.PASSWORD, HttpMethod.POST,
                provider(GRANTED) + "/learners", SampleLearners.apprentice(ref(), START)));
        // Demo users do not exist once users are configured.
        assertUnauthorized(call("approver2", IntegrationTest.PASSWORD, HttpMethod.GET, "/api/changes", null));
        assertThat(stored()).as("nothing stored by a write with a wrong password").isEqualTo(before);
    }

    @Test
    void aMalformedUkprnInThePathIsRefusedWith400NamingUkprnWhateverTheRoute() {
        String ref = register(GRANTED);
        Stored before = stored();

        for (String ukprn : List.of("abc", "100000012", "0", "00000000", "1000000x")) {
            for (Api.Answer answer : List.of(
                    api.get("provider1", "/api/providers/" + ukprn + "/learners/" + ref),
                    api.get("exporter", "/api/providers/" + ukprn + "/returns/2526/R14"),
                    api.post("admin", "/api/providers/" + ukprn + "/learners", SampleLearners.apprentice(ref(), START)),
                    api.post("raiser", "/api/providers/" + ukprn + "/learners/" + ref + "/changes",
                            Map.of("type", "WITHDRAWAL")))) {
                assertThat(answer.status()).as(ukprn + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
                assertThat(answer.text("/errors/0/field")).as("the field named for UKPRN " + ukprn).isEqualTo("ukprn");
                assertThat(answer.text("/detail")).contains("UKPRN must be 8 digits");
            }
        }
        assertThat(stored()).as("nothing stored for a malformed UKPRN").isEqualTo(before);
        // Who you are is asked before what you asked for.
        assertUnauthorized(api.get(null, "/api/providers/abc/learners/" + ref));
    }

    @Test
    void anAdminGrantedSomeUkprnsCannotRunOperationsOnEveryProvider() {
        Api.Answer replaysBefore = api.get("admin", "/api/admin/replays");
        assertThat(replaysBefore.status()).as("an ADMIN granted every UKPRN lists replays").isEqualTo(200);

        for (Api.Answer answer : List.of(
                api.post("provider1", "/api/admin/replays/current-ilr", Map.of()),
                api.get("provider1", "/api/admin/replays"),
                api.get("provider1", "/api/admin/projections"),
                api.get("provider1", "/api/admin/projections/failures"),
                api.post("provider1", "/api/admin/projections/current-ilr/failures/" + UUID.randomUUID()
                        + "/resolution", Map.of("reason", "stuck")),
                api.get("provider1", "/actuator/metrics"))) {
            assertForbidden(answer, "provider1 (ADMIN of 10000001 only) on a global operation");
            assertThat(answer.text("/type")).isEqualTo("urn:ilr-ledger:problem:needs-every-ukprn");
            assertThat(answer.text("/detail")).contains("every UKPRN");
        }
        assertThat(api.get("admin", "/api/admin/replays").body()).as("no rebuild was started")
                .isEqualTo(replaysBefore.body());
        // A role short of ADMIN is refused for the role, not the grants.
        Api.Answer auditor = api.get("auditor", "/api/admin/projections");
        assertForbidden(auditor, "an AUDITOR granted every UKPRN on an admin operation");
        assertThat(auditor.text("/type")).isEqualTo("urn:ilr-ledger:problem:not-allowed");
    }

    // --- helpers ---

    /** Events in the store and evidence files: what a refused write must leave untouched. */
    record Stored(long events, long evidence) {
    }

    private Stored stored() {
        return new Stored(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM evidence").query(Long.class).single());
    }

    private static String ref() {
        return ProviderRequests.ref("A");
    }

    private String register(int ukprn) {
        return requests.register(ukprn, "A");
    }

    private String evidence(String text) {
        return requests.uploaded("raiser", "email.txt", ProviderRequests.text("Learner says they have left. " + text));
    }

    private Api.Answer raise(String user, int ukprn, String ref, String evidenceId) {
        return requests.raiseWithdrawal(user, ukprn, ref, evidenceId);
    }

    private String raised(String user, int ukprn, String ref, String evidenceId) {
        Api.Answer raised = raise(user, ukprn, ref, evidenceId);
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }

    private static List<String> changeIds(Api.Answer queue) {
        return each(queue, "changeId");
    }

    /** One field of every element of a JSON array answer. */
    private static List<String> each(Api.Answer list, String field) {
        List<String> values = new ArrayList<>();
        list.body().forEach(element -> values.add(element.path(field).asText()));
        return values;
    }

    private static void assertForbidden(Api.Answer answer, String what) {
        assertThat(answer.status()).as(what + ": HTTP status; body " + answer.body()).isEqualTo(403);
        assertThat(answer.headers().getContentType()).as(what + ": Content-Type")
                .hasToString("application/problem+json");
        assertThat(answer.body().path("status").asInt()).as(what + ": problem status").isEqualTo(403);
        assertThat(answer.text("/detail")).as(what + ": problem detail").isNotBlank();
    }

    private static void assertUnauthorized(Api.Answer answer) {
        assertThat(answer.status()).as("HTTP status; body " + answer.body()).isEqualTo(401);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.body().path("status").asInt()).as("problem status").isEqualTo(401);
        assertThat(answer.text("/title")).isEqualTo("Unauthorized");
    }

    /** A request with any credentials: {@link Api} sends the shared test password unless told otherwise. */
    private Api.Answer call(String user, String password, HttpMethod method, String path, Object body) {
        Api as = api.withPassword(password);
        return method == HttpMethod.GET ? as.get(user, path) : as.post(user, path, body);
    }
}
