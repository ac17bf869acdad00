package uk.ilrledger.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.ilrledger.app.web.Problems;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A signed-in request for {@code /api/providers/{ukprn}/...} whose UKPRN is not 8 digits from
 * 10000000 gets a 400 naming {@code ukprn} here, before any grant is checked or any controller runs.
 * Requests without valid credentials are left to answer 401.
 */
public class UkprnPathFilter extends OncePerRequestFilter {

    private static final Pattern PROVIDER_PATH = Pattern.compile("^/api/providers/([^/]*)(?:/.*)?$");

    private final ProblemSecurityHandlers problems;

    public UkprnPathFilter(ProblemSecurityHandlers problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = PROVIDER_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (path.matches() && signedIn()) {
            try {
                Ukprn.parse(path.group(1));
            } catch (DomainProblem malformed) {
                problems.send(response, Problems.field(HttpStatus.BAD_REQUEST, "invalid-field", "ukprn",
                        malformed.getMessage()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
