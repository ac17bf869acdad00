package uk.ilrledger.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.TransactionSystemException;

/**
 * The shapes a database outage takes by the time it reaches the handlers' resolvers, as PostgreSQL, its
 * driver, HikariCP and Spring's transaction manager really throw them, each answered 503 with Retry-After.
 */
class DatabaseFaultProblemsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DatabaseFaultProblems problems = new DatabaseFaultProblems(json);

    @Test
    void aCommitCutOffByAPostgresShutdownIsA503ThatSaysTheRequestMayHaveBeenRecorded() throws Exception {
        // PostgreSQL's "terminating connection due to administrator command" (57P01) at commit, then Spring's
        // rollback on the connection HikariCP had already closed: the rollback's failure is what is thrown.
        Exception failure = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));

        JsonNode answer = answer(failure);

        assertThat(answer.path("status").asInt()).isEqualTo(503);
        assertThat(answer.path("type").asText()).isEqualTo("urn:ilr-ledger:problem:database-unavailable");
        assertThat(answer.path("detail").asText()).contains("may or may not have been recorded").contains("changeId");
    }

    @Test
    void aConnectionRefusedIsA503ThatSaysNothingWasRecorded() throws Exception {
        JsonNode answer = answer(new IllegalStateException("wrapped",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));

        assertThat(answer.path("status").asInt()).isEqualTo(503);
        assertThat(answer.path("detail").asText()).contains("nothing of this request was recorded");
    }

    @Test
    void aRollbackThatFailedForAConstraintIsNotMistakenForAnOutage() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Object resolved = problems.resolveException(new MockHttpServletRequest("POST", "/api/x"), response, null,
                new TransactionSystemException("JDBC commit failed",
                        new DataIntegrityViolationException("deferred", new SQLException("duplicate", "23505"))));

        assertThat(resolved).as("left to the resolvers after this one").isNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private JsonNode answer(Exception failure) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(problems.resolveException(new MockHttpServletRequest("POST", "/api/x"), response, null, failure))
                .isNotNull();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        return json.readTree(response.getContentAsByteArray());
    }
}
