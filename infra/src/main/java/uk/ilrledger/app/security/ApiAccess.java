package uk.ilrledger.app.security;

import static uk.ilrledger.app.security.Role.ADMIN;
import static uk.ilrledger.app.security.Role.APPROVER;
import static uk.ilrledger.app.security.Role.AUDITOR;
import static uk.ilrledger.app.security.Role.EXPORTER;
import static uk.ilrledger.app.security.Role.RAISER;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call each endpoint of the API, in one place: the security filter chain enforces these
 * rules, the OpenAPI document states them. The first rule matching a request decides; a request no
 * rule matches is refused.
 */
public final class ApiAccess {

    /**
     * One endpoint, or several sharing a path pattern ({@code *} one segment, {@code **} the rest):
     * the roles that may call it, and whether the caller must also be granted the UKPRN in the path,
     * or, for an operation acting on every provider, every UKPRN.
     */
    public record Rule(HttpMethod method, String path, List<Role> roles, boolean perProvider, boolean everyProvider) {

        public Rule {
            roles = List.copyOf(roles);
        }

        public Rule(HttpMethod method, String path, List<Role> roles, boolean perProvider) {
            this(method, path, roles, perProvider, false);
        }

        /** Whether an endpoint, as a path template such as {@code /api/changes/{changeId}}, falls under this rule. */
        public boolean covers(HttpMethod endpointMethod, String pathTemplate) {
            return (method == null || method.equals(endpointMethod))
                    && pattern().matches(PathContainer.parsePath(pathTemplate));
        }

        private PathPattern pattern() {
            return PathPatternParser.defaultInstance.parse(path);
        }
    }

    /** Paths anyone may read: the API's own description and the health check. */
    public static final List<String> PUBLIC = List.of("/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**",
            "/swagger-ui.html",
            "/actuator/health/**", "/actuator/health", "/error");

    public static final List<Rule> RULES = List.of(
            provider(HttpMethod.POST, "/api/providers/{ukprn}/learners", ADMIN),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/imports", ADMIN),
            // A second person registers an import's new learners (decision 22).
            provider(HttpMethod.POST, "/api/providers/{ukprn}/imports/*/approval", APPROVER, ADMIN),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/imports/*/rejection", APPROVER, ADMIN),
            provider(HttpMethod.GET, "/api/providers/{ukprn}/imports/*", ADMIN, APPROVER, AUDITOR),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/changes", RAISER),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/qa-verification", APPROVER),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/erasure", ADMIN),
            // A second person approves an erasure, as a change (decision 33).
            provider(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/erasure/approval", APPROVER),
            // What the DfE would reject in a learner matters to whoever sends the return too.
            provider(HttpMethod.GET, "/api/providers/{ukprn}/learners/*/findings", RAISER, APPROVER, AUDITOR, EXPORTER,
                    ADMIN),
            provider(HttpMethod.GET, "/api/providers/{ukprn}/learners/**", RAISER, APPROVER, AUDITOR, ADMIN),
            // Who read which learner's ILR and history: for those who watch the readers.
            provider(HttpMethod.GET, "/api/providers/{ukprn}/read-audit", AUDITOR, ADMIN),
            provider(HttpMethod.GET, "/api/providers/{ukprn}/returns/**", EXPORTER, AUDITOR, ADMIN, APPROVER),
            provider(HttpMethod.POST, "/api/providers/{ukprn}/returns/*/*/submissions", EXPORTER, ADMIN),
            anyProvider(HttpMethod.POST, "/api/evidence", RAISER),
            // Which of these may read a given file depends on the changes citing it (EvidenceReaders).
            anyProvider(HttpMethod.GET, "/api/evidence/*", RAISER, APPROVER, AUDITOR, ADMIN),
            anyProvider(HttpMethod.POST, "/api/changes/*/approval", APPROVER),
            anyProvider(HttpMethod.POST, "/api/changes/*/rejection", APPROVER),
            anyProvider(HttpMethod.GET, "/api/changes", RAISER, APPROVER, AUDITOR, ADMIN),
            anyProvider(HttpMethod.GET, "/api/changes/**", RAISER, APPROVER, AUDITOR, ADMIN),
            // Operations on every provider's data: ADMIN granted every UKPRN (GlobalOperations).
            everyProvider(null, "/api/admin/**", ADMIN),
            everyProvider(null, "/actuator/**", ADMIN));

    private ApiAccess() {
    }

    /** The rule deciding who may call an endpoint, if any does. */
    public static Optional<Rule> ruleFor(HttpMethod method, String pathTemplate) {
        return RULES.stream().filter(rule -> rule.covers(method, pathTemplate)).findFirst();
    }

    /** One of the roles, and a grant for the UKPRN in the path. */
    private static Rule provider(HttpMethod method, String path, Role... roles) {
        return new Rule(method, path, List.of(roles), true);
    }

    /**
     * One of the roles. No UKPRN is in the path: an endpoint whose answer concerns a provider (a
     * change, an evidence file) checks the caller's grants itself.
     */
    private static Rule anyProvider(HttpMethod method, String path, Role... roles) {
        return new Rule(method, path, List.of(roles), false);
    }

    /** The role, granted every UKPRN: the operation acts on every provider's data. */
    private static Rule everyProvider(HttpMethod method, String path, Role role) {
        return new Rule(method, path, List.of(role), false, true);
    }
}
