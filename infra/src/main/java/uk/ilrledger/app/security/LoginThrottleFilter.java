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
 * Stops a sign-in whose user name or client address has failed too often lately (see
 * {@link LoginThrottle}) before any password is checked: a basic-auth request is answered 429 with
 * {@code Retry-After} and a problem body; the screens' sign-in form is sent back to the form, which
 * says how long to wait ({@code /sign-in?retry-after=seconds}, with {@code Retry-After} too).
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";
    /** Where the screens' sign-in form is posted (Spring Security's form login on its login page). */
    public static final String FORM_SIGN_IN = "/sign-in";

    private final LoginThrottle throttle;
    private final ProblemSecurityHandlers problems;

    public LoginThrottleFilter(LoginThrottle throttle, ProblemSecurityHandlers problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = isFormSignIn(request);
        Optional<String> user = form ? Optional.ofNullable(request.getParameter("username"))
                : basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<Duration> wait = user.flatMap(name -> throttle.wait(name, request.getRemoteAddr()));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            if (form) {
                response.setStatus(HttpStatus.SEE_OTHER.value());
                response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + FORM_SIGN_IN + "?retry-after=" + seconds);
                return;
            }
            ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-in-failures",
                    "too many failed sign-ins for this user name or from this address; try again in " + seconds + " s");
            problem.setProperty("retryAfterSeconds", seconds);
            problems.send(response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isFormSignIn(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && FORM_SIGN_IN.equals(request.getServletPath());
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
