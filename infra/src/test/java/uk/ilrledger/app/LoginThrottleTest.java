package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import uk.ilrledger.app.screens.SignedIn;

/**
 * Password guessing over HTTP basic is slowed: after 5 failures for a user name from one address, or
 * 20 from one address for any names, within 10 minutes, sign-ins from there are answered 429 with
 * Retry-After until the window passes; the screens' sign-in form is sent back to the form, which says how
 * long to wait. Client addresses come from X-Forwarded-For, as behind a proxy.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "server.forward-headers-strategy=native",
        "ilr-ledger.security.login-throttle.max-failures=5",
        "ilr-ledger.security.login-throttle.max-failures-per-address=20",
        "ilr-ledger.security.login-throttle.window=10m"})
@DirtiesContext
class LoginThrottleTest {

    static final Duration WINDOW = Duration.ofMinutes(10);

    @TestConfiguration
    static class Now {
        @Bean
        @Primary
        ClosedYearApiTest.SettableClock settableClock() {
            return new ClosedYearApiTest.SettableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    ClosedYearApiTest.SettableClock clock;

    /** Each test signs in from its own addresses, so the failures one records never count in another. */
    static final Instant START = Instant.parse("2026-12-07T09:00:00Z");

    @BeforeEach
    void setUp() {
        clock.set(START);
    }

    @Test
    void twoHundredWrongPasswordsAreAnswered429AfterTheFifthUntilTheWindowPasses() throws Exception {
        String attacker = "198.51.100.7";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clock.set(START.plusMillis(60L * i)); // 200 guesses in 12 s
            statuses.add(signIn("raiser", "guess-" + i, attacker).getStatusCode().value());
        }
        assertThat(statuses.subList(0, 5)).as("the first five wrong passwords").containsOnly(401);
        assertThat(statuses.subList(5, 200)).as("every wrong password after the fifth").containsOnly(429);

        ResponseEntity<String> refused = signIn("raiser", IntegrationTest.PASSWORD, attacker);
        assertThat(refused.getStatusCode().value()).as("even the right password from the guessing address")
                .isEqualTo(429);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = json.readTree(refused.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        // The first failure was at start; 200 × 60 ms later, the window has that much less to run.
        assertThat(retryAfter).isEqualTo(WINDOW.minusMillis(60L * 199).toSeconds() + 1);
        assertThat(problem.path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);

        assertThat(signIn("raiser", IntegrationTest.PASSWORD, "203.0.113.9").getStatusCode().value())
                .as("the right password from another address").isEqualTo(200);

        clock.set(START.plus(WINDOW).plusSeconds(1));
        assertThat(signIn("raiser", IntegrationTest.PASSWORD, attacker).getStatusCode().value())
                .as("the right password from the guessing address once the window has passed").isEqualTo(200);
        assertThat(signIn("raiser", "one-more-guess", attacker).getStatusCode().value())
                .as("a success clears the failures: one more wrong password is a plain 401").isEqualTo(401);
    }

    @Test
    void oneAddressTryingManyUserNamesIsSlowedToo() {
        String sprayer = "198.51.100.8";
        for (int i = 0; i < 20; i++) {
            assertThat(signIn("user" + i, "password1", sprayer).getStatusCode().value()).isEqualTo(401);
        }
        assertThat(signIn("user20", "password1", sprayer).getStatusCode().value())
                .as("a 21st user name from the same address").isEqualTo(429);
        assertThat(signIn("approver", IntegrationTest.PASSWORD, "198.51.100.9").getStatusCode().value())
                .as("another address").isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInClearsTheUserNamesFailures() {
        String typist = "192.0.2.44";
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(signIn("auditor", "mistyped-" + i, typist).getStatusCode().value()).isEqualTo(401);
            }
            assertThat(signIn("auditor", IntegrationTest.PASSWORD, typist).getStatusCode().value())
                    .as("the right password after four mistakes, round " + round).isEqualTo(200);
        }
    }

    @Test
    void theSignInFormIsSlowedTooAndSaysHowLongToWait() throws Exception {
        String guesser = "198.51.100.30";
        SignedIn browser = new SignedIn(port);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = browser.signIn("approver", "guess-" + i, guesser);
            assertThat(wrong.statusCode()).isEqualTo(302);
            assertThat(wrong.headers().firstValue("Location").orElseThrow()).as("wrong password " + i)
                    .endsWith("/sign-in?error");
        }
        HttpResponse<String> paused = browser.signIn("approver", IntegrationTest.PASSWORD, guesser);
        assertThat(paused.statusCode()).as("even the right password, after five wrong ones").isEqualTo(303);
        assertThat(paused.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue(Long.toString(WINDOW.toSeconds()));
        String form = paused.headers().firstValue("Location").orElseThrow();
        assertThat(form).endsWith("/sign-in?retry-after=600");
        String page = browser.page(form);
        assertThat(page).contains("Too many failed sign-ins for this user").contains("try again in")
                .contains("10 minutes").contains("<form");
        assertThat(browser.get("/").statusCode()).as("not signed in").isEqualTo(302);

        HttpResponse<String> elsewhere = new SignedIn(port).signIn("approver", IntegrationTest.PASSWORD, "203.0.113.30");
        assertThat(elsewhere.headers().firstValue("Location").orElseThrow()).as("the right password from another address")
                .doesNotContain("sign-in");

        clock.set(START.plus(WINDOW).plusSeconds(1));
        HttpResponse<String> later = browser.signIn("approver", IntegrationTest.PASSWORD, guesser);
        assertThat(later.statusCode()).isEqualTo(302);
        assertThat(later.headers().firstValue("Location").orElseThrow()).as("once the window has passed")
                .doesNotContain("sign-in");
        assertThat(browser.get("/").statusCode()).as("signed in").isEqualTo(200);
    }

    private ResponseEntity<String> signIn(String user, String password, String address) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(user, password);
        headers.set("X-Forwarded-For", address);
        return rest.exchange("/api/changes", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
