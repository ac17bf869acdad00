package uk.ilrledger.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.web.servlet.error.AbstractErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The servlet container's error page ({@code /error}, where a {@code sendError} or an exception no
 * handler took ends up) as an RFC 7807 problem, in place of Spring Boot's JSON map or white-label page.
 * A browser on a screen still gets that screen's error page (a template under {@code error/}).
 * Nothing of the failure itself (exception, message, stack) is put in the body.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ErrorPageProblems extends AbstractErrorController {

    private final ErrorAttributes errorAttributes;

    public ErrorPageProblems(ErrorAttributes errorAttributes, List<ErrorViewResolver> errorViewResolvers) {
        super(errorAttributes, errorViewResolvers);
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    public Object page(HttpServletRequest request, HttpServletResponse response) {
        if (!api(request) && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null) {
            HttpStatus status = getStatus(request);
            ModelAndView view = resolveErrorView(request, response, status, java.util.Map.of("status", status.value()));
            if (view != null) {
                return view;
            }
        }
        return problem(request, response);
    }

    @RequestMapping
    public ResponseEntity<ProblemDetail> problem(HttpServletRequest request, HttpServletResponse response) {
        // A database fault that escaped the handlers' resolvers (thrown in a filter, say) is still a 503 or 507.
        Throwable failure = errorAttributes.getError(new ServletWebRequest(request));
        Optional<DatabaseFaultProblems.Fault> fault = failure == null ? Optional.empty() : DatabaseFaultProblems.of(failure);
        if (fault.isPresent()) {
            ProblemDetail problem = DatabaseFaultProblems.problem(fault.get(), failure, response);
            return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        // Called directly, not forwarded with an error: there is nothing here.
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND
                : getStatus(request);
        if (status.value() < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem = Problems.of(status, slug(status), detail(status));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String slug(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case PAYLOAD_TOO_LARGE -> "too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case NOT_ACCEPTABLE -> "not-acceptable";
            default -> status.is5xxServerError() ? "server-error" : "bad-request";
        };
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "there is nothing at this path";
            case PAYLOAD_TOO_LARGE -> "the request is larger than the server accepts";
            default -> status.is5xxServerError() ? "the server could not answer this request; the failure is logged"
                    : status.getReasonPhrase().toLowerCase();
        };
    }

    private static boolean api(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String path && ApiPaths.matches(path);
    }
}
