package uk.ilrledger.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.ilrledger.app.web.Problems;

/**
 * Answers 429 with {@code Retry-After}, before any password is checked, to a basic-auth sign-in whose
 * user name or client address has failed too often lately (see {@link LoginThrottle}).
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    private final LoginThrottle throttle;
    private final ProblemSecurityHandlers problems;

    public LoginThrottleFilter(LoginThrottle throttle, ProblemSecurityHandlers problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> user = basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<Duration> wait = user.flatMap(name -> throttle.wait(name, request.getRemoteAddr()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-in-failures",
                    "too many failed sign-ins for this user name or from this address; try again in " + seconds + " s");
            problem.setProperty("retryAfterSeconds", seconds);
            problems.send(response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The user name of an HTTP basic Authorization header; empty if there is none or it is malformed. */
    private static Optional<String> basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(credentials.substring(0, colon));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty(); // basic authentication itself answers 401
        }
    }
}
