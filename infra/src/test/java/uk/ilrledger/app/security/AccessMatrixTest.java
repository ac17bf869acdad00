package uk.ilrledger.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.TestInfrastructure;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Every route the running service maps (its controllers, the screens, the OpenAPI document and the
 * actuator, read from Spring MVC's own handler mappings) is called over HTTP as every kind of caller:
 * no credentials, a wrong password, a forged bearer token, each role granted one UKPRN on that
 * provider's data and on another's, an ADMIN granted every UKPRN, and an AUDITOR signed in with an
 * OIDC bearer token. What each should get is {@code access-matrix.csv}, one table kept by people; a
 * route without a row there fails the build, naming it and showing what it answered.
 *
 * <p>Cells: {@code ok} lets the caller in (any answer but 401, 403, 500 or the sign-in page: a 400
 * for the empty body sent, or a 404 for an unknown id, still means the caller passed the security
 * checks); {@code sign-in} is a redirect to the sign-in page; a number is that exact status, for
 * refusals that are not a 401 or 403 (another provider's evidence is a 404, decision 25).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        IntegrationTest.KEEP_2425_OPEN, IntegrationTest.KEEP_2526_OPEN,
        // The wrong-password calls would otherwise be throttled (LoginThrottleTest covers that).
        "ilr-ledger.security.login-throttle.enabled=false",
        "ilr-ledger.users[0].name=raiser",
        "ilr-ledger.users[0].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[0].roles=RAISER",
        "ilr-ledger.users[0].ukprns=" + AccessMatrixTest.OWN,
        "ilr-ledger.users[1].name=approver",
        "ilr-ledger.users[1].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[1].roles=APPROVER",
        "ilr-ledger.users[1].ukprns=" + AccessMatrixTest.OWN,
        "ilr-ledger.users[2].name=auditor",
        "ilr-ledger.users[2].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[2].roles=AUDITOR",
        "ilr-ledger.users[2].ukprns=" + AccessMatrixTest.OWN,
        "ilr-ledger.users[3].name=exporter",
        "ilr-ledger.users[3].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[3].roles=EXPORTER",
        "ilr-ledger.users[3].ukprns=" + AccessMatrixTest.OWN,
        "ilr-ledger.users[4].name=admin",
        "ilr-ledger.users[4].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[4].roles=ADMIN",
        "ilr-ledger.users[4].ukprns=" + AccessMatrixTest.OWN,
        "ilr-ledger.users[5].name=admin-all",
        "ilr-ledger.users[5].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[5].roles=ADMIN",
        "ilr-ledger.users[5].ukprns=*",
        // Sets up the other provider's learner, evidence and change.
        "ilr-ledger.users[6].name=setup",
        "ilr-ledger.users[6].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[6].roles=RAISER,ADMIN,AUDITOR",
        "ilr-ledger.users[6].ukprns=*"
})
@ContextConfiguration(initializers = TestInfrastructure.class)
@DirtiesContext
class AccessMatrixTest {

    static final String OWN = "10000001";
    static final String OTHER = "10000002";
    static final String TABLE = "access-matrix.csv";
    static final Path OBSERVED = Path.of("target", "access-matrix-observed.csv");
    static final Duration PROJECTIONS = Duration.ofSeconds(30);

    static final TestIdentityProvider IDP = TestIdentityProvider.get();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", IDP::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIdentityProvider.ISSUER);
    }

    /** How a caller presents itself, and whose data it asks for. */
    enum Side {
        OWN, OTHER
    }

    /**
     * One column of the table: a caller and the provider whose data it asks for. {@code user} signs in
     * with the right password (HTTP basic on the API, the sign-in form on the screens); {@code
     * wrongPassword} tries to; {@code token} is sent as a bearer token.
     */
    record Caller(String column, String user, boolean wrongPassword, String token, Side side) {
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ObjectMapper json;

    private final HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<Side, Map<String, String>> values = new LinkedHashMap<>();

    @Test
    void everyRouteAnswersEveryCallerAsTheAccessMatrixSays() throws Exception {
        List<Caller> callers = callers();
        Table table = Table.read(callers);
        Set<String> routes = routes();
        setUpBothProviders();

        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        observed.add(table.header());
        Map<String, Long> millis = new LinkedHashMap<>();
        for (String route : routes) {
            long start = System.nanoTime();
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            List<String> row = new ArrayList<>(List.of(method, path));
            List<String> cells = table.rows().get(route);
            for (int c = 0; c < callers.size(); c++) {
                Answer answer = call(callers.get(c), method, path);
                row.add(answer.raw());
                if (cells != null && !answer.matches(cells.get(c))) {
                    wrong.add(route + " as " + callers.get(c).column() + ": the table says " + cells.get(c)
                            + ", the service answered " + answer.raw());
                }
            }
            millis.put(route, (System.nanoTime() - start) / 1_000_000);
            observed.add(String.join(",", row));
            if (cells == null) {
                missing.add(route + " (answered: " + String.join(",", row.subList(2, row.size())) + ")");
            }
        }
        Files.createDirectories(OBSERVED.getParent());
        Files.write(OBSERVED, observed);
        Set<String> stale = new TreeSet<>(table.rows().keySet());
        stale.removeAll(routes);
        System.out.printf("Access matrix: %d routes x %d callers = %d requests; observed answers in %s%n",
                routes.size(), callers.size(), routes.size() * callers.size(), OBSERVED);
        millis.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(route -> System.out.printf("  %6d ms  %s%n", route.getValue(), route.getKey()));

        List<String> failures = new ArrayList<>();
        missing.forEach(route -> failures.add("no row in " + TABLE + " for " + route));
        stale.forEach(route -> failures.add(TABLE + " has a row for " + route + ", which the service does not map"));
        failures.addAll(wrong);
        if (!failures.isEmpty()) {
            fail(failures.size() + " differences from " + TABLE + ":\n" + String.join("\n", failures));
        }
        assertThat(routes).as("routes found").hasSizeGreaterThan(40);
    }

    // --- the routes ---

    /** Every method and path pattern of every request-mapping handler mapping: "GET /api/changes/{changeId}". */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        routes.add("ANY " + pattern);
                    }
                    methods.forEach(method -> routes.add(method.name() + " " + pattern));
                }
            }
        }
        return routes;
    }

    // --- the calls ---

    private List<Caller> callers() {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("anonymous", null, false, null, Side.OWN));
        callers.add(new Caller("wrong-password", "raiser", true, null, Side.OWN));
        callers.add(new Caller("forged-token", null, false, IDP.signWithAnotherKey(IDP.claims("forger",
                java.time.Instant.now(), Map.of("roles", List.of("ADMIN"), "ukprns", List.of("*"))).build()),
                Side.OWN));
        for (String user : List.of("raiser", "approver", "auditor", "exporter", "admin")) {
            callers.add(new Caller(user + ":own", user, false, null, Side.OWN));
            callers.add(new Caller(user + ":other", user, false, null, Side.OTHER));
        }
        callers.add(new Caller("admin-all:other", "admin-all", false, null, Side.OTHER));
        String token = IDP.token("token-auditor", List.of("AUDITOR"), List.of(OWN));
        callers.add(new Caller("token-auditor:own", null, false, token, Side.OWN));
        callers.add(new Caller("token-auditor:other", null, false, token, Side.OTHER));
        return callers;
    }

    /** What came back: the status, and for a screen whether it was sent to the sign-in page. */
    record Answer(int status, boolean signIn) {

        String raw() {
            return signIn ? "sign-in" : Integer.toString(status);
        }

        boolean matches(String expected) {
            return switch (expected) {
                case "ok" -> !signIn && status != 401 && status != 403 && status != 500;
                case "sign-in" -> signIn;
                default -> !signIn && Integer.toString(status).equals(expected);
            };
        }
    }

    private Answer call(Caller caller, String method, String pattern) throws Exception {
        String path = fill(pattern, caller.side());
        String send = method.equals("ANY") ? "GET" : method;
        boolean screen = !isApi(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2));
        HttpClient client = api;
        String body = "";
        if (screen) {
            Session session = session(caller);
            client = session.client();
            request.header("Content-Type", "application/x-www-form-urlencoded");
            body = "_csrf=" + URLEncoder.encode(session.csrf(), StandardCharsets.UTF_8) + formBody(pattern);
        } else {
            request.header("Content-Type", "application/json");
            body = jsonBody(pattern);
        }
        if (caller.token() != null) {
            request.header("Authorization", "Bearer " + caller.token());
        } else if (caller.user() != null && !screen) {
            request.header("Authorization", basic(caller.user(), password(caller)));
        }
        request.method(send, send.equals("GET") || send.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        String location = response.headers().firstValue("Location").orElse("");
        return new Answer(response.statusCode(), response.statusCode() == 302 && location.contains("/sign-in"));
    }

    /** A decision the screen would take, so that it is the grant, not a missing field, that decides. */
    private static String formBody(String pattern) {
        return pattern.endsWith("/decision") ? "&decision=reject&comment=the+evidence+does+not+show+this" : "";
    }

    /** Bodies that would be accepted where a body decides nothing about access; otherwise an empty object. */
    private static String jsonBody(String pattern) {
        if (pattern.endsWith("/approval") && pattern.startsWith("/api/changes")) {
            return "{\"comment\":\"checked against the evidence\"}";
        }
        if (pattern.endsWith("/rejection") && pattern.startsWith("/api/changes")) {
            return "{\"reason\":\"the evidence does not show this\"}";
        }
        return "{}";
    }

    private String fill(String pattern, Side side) {
        Map<String, String> known = values.get(side);
        Matcher variable = Pattern.compile("\\{\\*?([^}]+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = known.get(name);
            if (value == null) {
                fail("the route " + pattern + " has a path variable {" + name + "} for which " + getClass().getSimpleName()
                        + " has no value: add one to setUpBothProviders()");
            }
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString().replace("/**", "/any");
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/v3/") || path.startsWith("/swagger-ui")
                || path.startsWith("/actuator") || path.equals("/error");
    }

    private static String password(Caller caller) {
        return caller.wrongPassword() ? "wrong-" + IntegrationTest.PASSWORD : IntegrationTest.PASSWORD;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    // --- screen sessions ---

    /** A browser's cookies and the CSRF token its forms carry. */
    record Session(HttpClient client, String csrf) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /**
     * The session a caller uses on the screens: signed in through the sign-in form for a user with the
     * right password; for everyone else the anonymous session of the sign-in page (after a refused
     * sign-in, for a wrong password), its CSRF token on every form sent.
     */
    private Session session(Caller caller) throws Exception {
        String key = caller.user() == null ? "anonymous" : caller.user() + (caller.wrongPassword() ? ":wrong" : "");
        Session known = sessions.get(key);
        if (known != null) {
            return known;
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
        String csrf = csrf(client, "/sign-in");
        if (caller.user() != null) {
            String form = "username=" + caller.user() + "&password=" + URLEncoder.encode(password(caller),
                    StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(uri("/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String location = signIn.headers().firstValue("Location").orElse("");
            assertThat(signIn.statusCode()).as("signing in as " + key).isEqualTo(302);
            if (caller.wrongPassword()) {
                assertThat(location).as("a refused sign-in as " + key).contains("/sign-in?error");
                csrf = csrf(client, "/sign-in");
            } else {
                assertThat(location).as("signing in as " + key).doesNotContain("/sign-in");
                csrf = csrf(client, "/");
            }
        }
        Session session = new Session(client, csrf);
        sessions.put(key, session);
        return session;
    }

    private String csrf(HttpClient client, String page) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri(page)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET " + page).isEqualTo(200);
        Matcher token = CSRF.matcher(answer.body());
        assertThat(token.find()).as("a CSRF token on " + page).isTrue();
        return token.group(1);
    }

    // --- each provider's data ---

    /**
     * A learner, an evidence file and a change at each provider, so that a route about a learner, a
     * change or an evidence file reaches real data on either side; ids of things no caller may find
     * (imports, submissions, projections) are made up, as their routes name the provider or need every
     * UKPRN.
     */
    private void setUpBothProviders() throws Exception {
        for (Side side : Side.values()) {
            String ukprn = side == Side.OWN ? OWN : OTHER;
            // The own provider's change is raised by the raiser of the matrix, who may then read its evidence.
            String raiser = side == Side.OWN ? "raiser" : "setup";
            String ref = "M" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            post("setup", "/api/providers/" + ukprn + "/learners",
                    json.writeValueAsString(SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))), 201);
            String evidenceId = upload(raiser, "Learner " + ref + " says they have left.").path("evidenceId").asText();
            String changeId = post(raiser, "/api/providers/" + ukprn + "/learners/" + ref + "/changes",
                    json.writeValueAsString(Map.of("type", "WITHDRAWAL", "effectiveDate", "2026-02-27",
                            "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                            "reason", "Learner emailed to say they have left", "evidence", List.of(evidenceId))),
                    201).path("changeId").asText();
            Map<String, String> known = new LinkedHashMap<>();
            known.put("ukprn", ukprn);
            known.put("learnRefNumber", ref);
            known.put("ref", ref);
            known.put("changeId", changeId);
            known.put("evidenceId", evidenceId);
            known.put("importId", "6f1c7a52-8f0e-4d8e-9a39-" + (side == Side.OWN ? "000000000001" : "000000000002"));
            known.put("submissionId", "0b8e4c1d-2a7f-4e61-b5f3-" + (side == Side.OWN ? "000000000001" : "000000000002"));
            known.put("year", "2526");
            known.put("period", "R06");
            known.put("processor", "no-such-processor");
            known.put("projection", "no-such-projection");
            known.put("eventIdentifier", "d9a4d9c4-0d6e-4f2f-9a43-000000000000");
            known.put("requiredMetricName", "jvm.memory.used");
            known.put("path", "ping");
            values.put(side, known);
            await().atMost(PROJECTIONS).until(() -> get("setup", "/api/changes/" + changeId) == 200
                    && get("setup", "/api/providers/" + ukprn + "/learners/" + ref + "/history") == 200);
        }
    }

    private int get(String user, String path) throws Exception {
        return api.send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, IntegrationTest.PASSWORD))
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode post(String user, String path, String body, int expected) throws Exception {
        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", basic(user, IntegrationTest.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("POST " + path + ": " + answer.body()).isEqualTo(expected);
        return json.readTree(answer.body());
    }

    private JsonNode upload(String user, String text) throws Exception {
        String boundary = "matrix-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"email.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(uri("/api/evidence"))
                .header("Authorization", basic(user, IntegrationTest.PASSWORD))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("uploading evidence: " + answer.body()).isEqualTo(201);
        return json.readTree(answer.body());
    }

    // --- the table ---

    /**
     * {@code access-matrix.csv}: lines starting with {@code #} are comments; the first other line
     * names the columns (method, path, then one per caller); each further line is one route.
     */
    record Table(List<String> columns, Map<String, List<String>> rows) {

        static final Set<String> CELLS = Set.of("ok", "sign-in");

        String header() {
            return "method,path," + String.join(",", columns);
        }

        static Table read(List<Caller> callers) {
            List<String> expectedColumns = callers.stream().map(Caller::column).toList();
            List<String> lines;
            try (InputStream in = AccessMatrixTest.class.getClassLoader().getResourceAsStream(TABLE)) {
                assertThat(in).as(TABLE + " on the test class path").isNotNull();
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> header = List.of(lines.get(0).split(",", -1));
            assertThat(header.subList(2, header.size())).as("the columns of " + TABLE).isEqualTo(expectedColumns);
            Map<String, List<String>> rows = new LinkedHashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> cells = List.of(line.split(",", -1));
                assertThat(cells).as(TABLE + ": " + line).hasSize(header.size());
                String route = cells.get(0) + " " + cells.get(1);
                assertThat(seen.add(route)).as(TABLE + " has two rows for " + route).isTrue();
                for (String cell : cells.subList(2, cells.size())) {
                    assertThat(CELLS.contains(cell) || cell.matches("[1-5]\\d\\d"))
                            .as(TABLE + ", " + route + ": '" + cell + "' is not ok, sign-in or a status").isTrue();
                }
                rows.put(route, cells.subList(2, cells.size()));
            }
            return new Table(expectedColumns, rows);
        }
    }
}
