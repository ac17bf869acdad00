package uk.ilrledger.app.web;

import java.util.List;
import org.springframework.util.AntPathMatcher;

/**
 * The paths of the HTTP API, its documentation and its probes; every other path is a screen. The API's
 * security chain matches these, and the error page answers a failure under them with a problem rather
 * than a screen's error page.
 */
public final class ApiPaths {

    public static final List<String> PATTERNS = List.of("/api/**", "/v3/api-docs/**", "/v3/api-docs.yaml",
            "/swagger-ui/**", "/swagger-ui.html", "/actuator/**", "/error");

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    private ApiPaths() {
    }

    public static String[] patterns() {
        return PATTERNS.toArray(String[]::new);
    }

    /** Whether {@code path} (a request's URI, without the query) is one of the API's. */
    public static boolean matches(String path) {
        return path != null && PATTERNS.stream().anyMatch(pattern -> MATCHER.match(pattern, path));
    }
}
