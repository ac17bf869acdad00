package uk.ilrledger.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A request whose failure escaped the handlers' exception resolvers (thrown in a filter, say) reaches the
 * container's error page. While PostgreSQL is down that must still be a 503 with Retry-After, as the
 * resolvers answer, and never a 500.
 */
class ErrorPageProblemsTest {

    private final ErrorPageProblems errorPage = new ErrorPageProblems(new DefaultErrorAttributes(), List.of());

    @Test
    void aDatabaseOutageThatEscapedTheHandlersIsA503WithRetryAfter() {
        MockHttpServletRequest request = forwardedWith(new CannotCreateTransactionException("no connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
        MockHttpServletResponse response = new MockHttpServletResponse();

        ResponseEntity<ProblemDetail> answer = errorPage.problem(request, response);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().getType().toString()).endsWith("database-unavailable");
        assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void anyOtherEscapedFailureIsStillA500WithNothingOfTheFailureInTheBody() {
        MockHttpServletRequest request = forwardedWith(new IllegalStateException("secret detail"));

        ResponseEntity<ProblemDetail> answer = errorPage.problem(request, new MockHttpServletResponse());

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getDetail()).doesNotContain("secret detail");
    }

    private static MockHttpServletRequest forwardedWith(Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/providers/10000001/learners");
        return request;
    }
}
