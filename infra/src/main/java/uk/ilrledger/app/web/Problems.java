package uk.ilrledger.app.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 7807 bodies of api.md: type, title, status, detail, and errors for bad fields. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:ilr-ledger:problem:" + slug));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail field(HttpStatus status, String slug, String field, String message) {
        ProblemDetail problem = of(status, slug, field == null ? message : field + ": " + message);
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return problem;
    }
}
