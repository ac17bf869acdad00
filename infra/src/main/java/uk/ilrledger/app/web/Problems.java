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

    /**
     * A library's message without the Java names it may hold ({@code `uk.ilrledger...Uln`},
     * {@code java.lang.String}): a problem speaks of the API's fields, never of the code behind them.
     */
    public static String withoutJavaNames(String message) {
        if (message == null) {
            return "the value could not be read";
        }
        return message.replaceAll("`[^`]*`", "the value")
                .replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:\\.[A-Za-z_][A-Za-z0-9_$]*)*(?:\\(\\))?", "the value")
                .replaceAll("\\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\\.[a-z][A-Za-z0-9]*\\(\\)", "a limit");
    }

    public static ProblemDetail field(HttpStatus status, String slug, String field, String message) {
        ProblemDetail problem = of(status, slug, field == null ? message : field + ": " + message);
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return problem;
    }
}
