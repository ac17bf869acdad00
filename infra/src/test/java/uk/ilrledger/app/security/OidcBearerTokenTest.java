package uk.ilrledger.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * OIDC bearer tokens beside the configured users: a token signed by the configured identity provider
 * signs its subject in with the roles and UKPRNs of its claims; any other token is a 401 problem.
 * The identity provider is the test's own, with a key pair it makes ({@link TestIdentityProvider}).
 */
@IntegrationTest
@DirtiesContext
class OidcBearerTokenTest {

    static final int GRANTED = 10000001;
    static final int OTHER = 10000002;
    static final Duration PROJECTIONS = Duration.ofSeconds(20);

    static final TestIdentityProvider IDP = TestIdentityProvider.get();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", IDP::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIdentityProvider.ISSUER);
    }

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
    void aTokenWithTheRightClaimsIsLetInWithinItsRolesAndUkprns() throws Exception {
        String own = register(GRANTED);
        String other = register(OTHER);
        String auditor = IDP.token("auditor-7f3a", List.of("AUDITOR", "offline_access"), List.of(String.valueOf(GRANTED)));

        await().atMost(PROJECTIONS).until(() -> bearer(auditor, HttpMethod.GET, learner(GRANTED, own), null)
                .getStatusCode().value() == 200);
        ResponseEntity<String> read = bearer(auditor, HttpMethod.GET, learner(GRANTED, own), null);
        assertThat(json.readTree(read.getBody()).path("learnRefNumber").asText()).as("the learner read with a token")
                .isEqualTo(own);
        assertThat(bearer(auditor, HttpMethod.GET, learner(GRANTED, own) + "/history", null).getStatusCode().value())
                .as("an AUDITOR reads history").isEqualTo(200);

        ResponseEntity<String> otherProvider = bearer(auditor, HttpMethod.GET, learner(OTHER, other), null);
        assertProblem(otherProvider, 403, "another provider's learner, with a token limited to UKPRN " + GRANTED);

        long events = events();
        ResponseEntity<String> write = bearer(auditor, HttpMethod.POST, "/api/providers/" + GRANTED + "/learners",
                SampleLearners.apprentice(ref(), LocalDate.of(2025, 9, 1)));
        assertProblem(write, 403, "an AUDITOR token registering a learner");
        assertThat(events()).as("a refused write stores nothing").isEqualTo(events);

        // The subject is who the service says did it: a raise by token names the token's subject.
        String raiser = IDP.token("raiser-0c41", List.of("RAISER"), List.of("*"));
        ResponseEntity<String> raised = bearer(raiser, HttpMethod.POST, learner(OTHER, other) + "/changes", Map.of(
                "type", "WITHDRAWAL", "effectiveDate", "2026-02-27",
                "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                "reason", "Learner emailed to say they have left", "evidence", List.of(evidence())));
        assertThat(raised.getStatusCode().value()).as(raised.getBody()).isEqualTo(201);
        String changeId = json.readTree(raised.getBody()).path("changeId").asText();
        await().atMost(PROJECTIONS).untilAsserted(() -> assertThat(
                api.get("auditor", "/api/changes/" + changeId).text("/raisedBy")).isEqualTo("raiser-0c41"));
    }

    @Test
    void expiredWrongIssuerWrongSignatureAndMissingClaimTokensAre401Problems() {
        String ref = register(GRANTED);
        Instant now = Instant.now();
        Map<String, Object> grants = Map.of("roles", List.of("ADMIN", "AUDITOR"), "ukprns", List.of("*"));
        Map<String, String> refused = Map.of(
                "expired", IDP.sign(IDP.claims("admin-1", now.minus(Duration.ofHours(3)), grants).build()),
                "wrong issuer", IDP.sign(IDP.claims("admin-1", now, grants).issuer("https://elsewhere.example.test")
                        .build()),
                "wrong signature", IDP.signWithAnotherKey(IDP.claims("admin-1", now, grants).build()),
                "no roles claim", IDP.sign(IDP.claims("admin-1", now, Map.of("ukprns", List.of("*"))).build()),
                "no ukprns claim", IDP.sign(IDP.claims("admin-1", now, Map.of("roles", List.of("ADMIN"))).build()),
                "no subject", IDP.sign(new JWTClaimsSet.Builder(IDP.claims("admin-1", now, grants).build())
                        .subject(null).build()),
                "a UKPRN that is not one", IDP.sign(IDP.claims("admin-1", now,
                        Map.of("roles", List.of("ADMIN"), "ukprns", List.of("1234"))).build()),
                "not a token at all", "not.a.token");
        long events = events();

        refused.forEach((what, token) -> {
            ResponseEntity<String> read = bearer(token, HttpMethod.GET, learner(GRANTED, ref), null);
            assertProblem(read, 401, what + " token reading a learner");
            assertThat(read.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(what).startsWith("Bearer");
            ResponseEntity<String> write = bearer(token, HttpMethod.POST, "/api/providers/" + GRANTED + "/learners",
                    SampleLearners.apprentice(ref(), LocalDate.of(2025, 9, 1)));
            assertProblem(write, 401, what + " token registering a learner");
        });
        assertThat(events()).as("no refused token stored anything").isEqualTo(events);

        // The reason is in the problem, so whoever set the identity provider up can see what to fix.
        assertThat(detail(bearer(refused.get("no ukprns claim"), HttpMethod.GET, learner(GRANTED, ref), null)))
                .contains("ukprns");
        assertThat(detail(bearer(refused.get("expired"), HttpMethod.GET, learner(GRANTED, ref), null)))
                .containsIgnoringCase("expired");
        // Control: the same claims, in time, from the right issuer and key, are let in.
        assertThat(bearer(IDP.sign(IDP.claims("admin-1", now, grants).build()), HttpMethod.GET, "/api/changes", null)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void basicAuthenticationStillWorksBesideTokens() {
        assertThat(api.get("auditor", "/api/changes").status()).isEqualTo(200);
        assertThat(api.withPassword("wrong").get("auditor", "/api/changes").status()).isEqualTo(401);
    }

    private ResponseEntity<String> bearer(String token, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private void assertProblem(ResponseEntity<String> answer, int status, String what) {
        assertThat(answer.getStatusCode().value()).as(what + ": " + answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).as(what).hasToString("application/problem+json");
        JsonNode problem = read(answer);
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(what).isNotBlank();
    }

    private String detail(ResponseEntity<String> answer) {
        return read(answer).path("detail").asText();
    }

    private JsonNode read(ResponseEntity<String> answer) {
        try {
            return json.readTree(answer.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.getBody(), e);
        }
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    private String evidence() {
        Api.Answer uploaded = api.upload("raiser", "email.txt",
                ("Learner says they have left " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        return uploaded.text("/evidenceId");
    }

    private String register(int ukprn) {
        String ref = ref();
        Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return ref;
    }

    private static String ref() {
        return "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static String learner(int ukprn, String ref) {
        return "/api/providers/" + ukprn + "/learners/" + ref;
    }
}
