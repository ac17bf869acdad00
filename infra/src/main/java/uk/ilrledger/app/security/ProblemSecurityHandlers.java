package uk.ilrledger.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import uk.ilrledger.app.web.Problems;

/** 401, 403 and the security layer's other refusals as problem responses, like every other error of the API. */
@Component
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;

    public ProblemSecurityHandlers(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof OAuth2AuthenticationException refused) {
            // RFC 6750: a refused bearer token is named as such, with the reason.
            String reason = refused.getError().getDescription() == null ? refused.getError().getErrorCode()
                    : refused.getError().getDescription();
            response.setHeader("WWW-Authenticate", "Bearer error=\"" + refused.getError().getErrorCode() + "\"");
            send(response, Problems.of(HttpStatus.UNAUTHORIZED, "bearer-token-refused",
                    "the bearer token was refused: " + reason));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"ilr-ledger\"");
        send(response, Problems.of(HttpStatus.UNAUTHORIZED, "not-signed-in", "sign in with HTTP basic authentication"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof GlobalOperations.NeedsEveryUkprn) {
            send(response, Problems.of(HttpStatus.FORBIDDEN, "needs-every-ukprn", request.getMethod() + " "
                    + request.getRequestURI() + " acts on every provider: it needs a grant for every UKPRN"));
            return;
        }
        send(response, Problems.of(HttpStatus.FORBIDDEN, "not-allowed",
                "your roles or provider grants do not allow " + request.getMethod() + " " + request.getRequestURI()));
    }

    /** Writes a problem as the whole response. */
    void send(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
