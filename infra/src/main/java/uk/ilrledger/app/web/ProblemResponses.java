package uk.ilrledger.app.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import uk.ilrledger.command.evidence.EvidenceStore.UnsupportedEvidenceType;
import uk.ilrledger.command.imports.IlrImports.FileTooLarge;
import uk.ilrledger.command.imports.IlrImports.InvalidIlrFile;
import uk.ilrledger.command.learner.LearnerCommandController.InvalidChangeValues;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Every error of the API as an RFC 7807 problem naming the field at fault. Requests that fail here
 * have stored nothing: commands fail before any event is applied.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(DomainProblem.class)
    ResponseEntity<ProblemDetail> domain(DomainProblem problem) {
        return respond(domainProblem(problem, null));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> command(CommandExecutionException e) {
        Throwable cause = rootDomainCause(e);
        if (cause instanceof DomainProblem problem) {
            return domain(problem);
        }
        log.error("command failed", e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "command-failed", "the command failed"));
    }

    /**
     * 503: the read models this answer comes from have not reached the event store's head (or are stuck
     * on a failure); answering now would leave out recorded changes. Names each processor.
     */
    @ExceptionHandler(ProcessorsBehind.class)
    ResponseEntity<ProblemDetail> processorsBehind(ProcessorsBehind e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                e.failing() ? "projection-failing" : "projection-behind", e.getMessage());
        problem.setProperty("storePosition", e.storePosition());
        problem.setProperty("processors", e.lags().stream().map(lag -> {
            java.util.Map<String, Object> processor = new java.util.LinkedHashMap<>();
            processor.put("name", lag.processor());
            processor.put("position", lag.position());
            processor.put("storePosition", lag.storePosition());
            if (lag.failure() != null) {
                processor.put("failingEvent", lag.failure().eventIdentifier());
                processor.put("failingGlobalIndex", lag.failure().globalIndex());
            }
            return processor;
        }).toList());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownLearner(AggregateNotFoundException e) {
        return respond(Problems.field(HttpStatus.NOT_FOUND, "unknown-learner", "learnRefNumber",
                "no learner " + e.getAggregateIdentifier()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return respond(Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "another request changed this learner at the same moment; retry"));
    }

    @ExceptionHandler(InvalidChangeValues.class)
    ResponseEntity<ProblemDetail> changeValues(InvalidChangeValues e) {
        return respond(jsonProblem(e.getCause(), "values."));
    }

    @ExceptionHandler(UnsupportedEvidenceType.class)
    ResponseEntity<ProblemDetail> evidenceType(UnsupportedEvidenceType e) {
        return respond(Problems.field(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-evidence-type", "file",
                e.getMessage()));
    }

    /** Every problem listed (up to the limit) with its line and column, under the field {@code file}. */
    @ExceptionHandler(InvalidIlrFile.class)
    ResponseEntity<ProblemDetail> invalidFile(InvalidIlrFile e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-ilr-file", e.getMessage());
        problem.setProperty("problemCount", e.problemCount());
        problem.setProperty("errors", e.problems().stream()
                .map(p -> java.util.Map.of("field", "file", "line", p.line(), "column", p.column(), "message", p.message()))
                .toList());
        return respond(problem);
    }

    @ExceptionHandler(FileTooLarge.class)
    ResponseEntity<ProblemDetail> fileTooLarge(FileTooLarge e) {
        return respond(Problems.field(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "file", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameter(MethodArgumentTypeMismatchException e) {
        Throwable cause = rootDomainCause(e);
        String message = cause instanceof DomainProblem problem ? problem.getMessage()
                : "'" + e.getValue() + "' is not a valid " + e.getName();
        return respond(Problems.field(HttpStatus.BAD_REQUEST, "invalid-field", e.getName(), message));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(jsonProblem(e.getCause(), ""), HttpStatus.BAD_REQUEST);
    }

    /**
     * A multipart upload over a limit. Spring reports every multipart size failure this way; only one with a
     * known limit is the file's size. Without one, the part's headers (where its file name is) were too long.
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        long allowed = e.getMaxUploadSize();
        boolean partHeaders = false;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            // Tomcat: "Header section has more than 512 bytes", a size limit of its own.
            partHeaders |= t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("header");
            if (t instanceof SizeException size && allowed < 0) {
                allowed = size.getPermittedSize();
            }
        }
        if (partHeaders || allowed < 0) {
            return new ResponseEntity<>(Problems.field(HttpStatus.BAD_REQUEST, "invalid-field", "file",
                    "the upload's part headers are too long: a file name takes at most 255 characters"),
                    HttpStatus.BAD_REQUEST);
        }
        return new ResponseEntity<>(Problems.field(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "file",
                "the file is larger than the " + allowed + " bytes allowed"), HttpStatus.PAYLOAD_TOO_LARGE);
    }

    /**
     * A body Jackson could not read: malformed JSON, a wrong type, or a value a value type refused. Jackson's
     * own words are kept only where they speak of the JSON; where they name Java types, the API's words stand in.
     */
    private static ProblemDetail jsonProblem(Throwable cause, String prefix) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                String path = cause instanceof JsonMappingException mapping ? prefix + path(mapping) : "";
                return Problems.field(HttpStatus.BAD_REQUEST, "malformed-json", path.isEmpty() ? "body" : path,
                        "the JSON nests deeper, or holds a longer number, text or name, than the API reads");
            }
        }
        if (cause instanceof InputCoercionException coercion) {
            // The parser knows where it was: the field whose number does not fit.
            String path = coercion.getProcessor() != null ? prefix + path(coercion.getProcessor()) : "";
            return Problems.field(HttpStatus.BAD_REQUEST, "invalid-field", path.isEmpty() ? "body" : path,
                    "the number is out of range for this field");
        }
        if (cause instanceof StreamReadException parse) {
            JsonLocation at = parse.getLocation();
            String where = at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    : "";
            return Problems.field(HttpStatus.BAD_REQUEST, "malformed-json", "body",
                    "malformed JSON" + where + ": " + Problems.withoutJavaNames(parse.getOriginalMessage()));
        }
        if (cause instanceof JsonMappingException mapping) {
            String path = prefix + path(mapping);
            Throwable root = rootDomainCause(mapping);
            if (root instanceof DomainProblem problem) {
                return domainProblem(problem, path);
            }
            if (mapping.getCause() instanceof StreamReadException read) {
                return jsonProblem(read, prefix);
            }
            String message = mapping instanceof UnrecognizedPropertyException ? "unknown field"
                    : mapping instanceof InvalidTypeIdException typeId ? typeId(typeId)
                    : mapping instanceof MismatchedInputException mismatch && expected(mismatch.getTargetType()) != null
                            ? notA(mismatch)
                    : Problems.withoutJavaNames(mapping.getOriginalMessage());
            return Problems.field(HttpStatus.BAD_REQUEST, "invalid-field", path.isEmpty() ? "body" : path, message);
        }
        return Problems.field(HttpStatus.BAD_REQUEST, "malformed-body", "body", "the request body is missing or unreadable");
    }

    /** {@code values.withdrawReason}: where the parser stands, in the API's words. */
    private static String path(JsonParser parser) {
        StringBuilder path = new StringBuilder();
        for (String step : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (step.matches("\\d+")) {
                path.append('[').append(step).append(']');
            } else if (!step.isEmpty()) {
                path.append(path.length() == 0 ? "" : ".").append(step);
            }
        }
        return path.toString();
    }

    /** {@code "FOO" is not a known type}, or the type is missing. */
    private static String typeId(InvalidTypeIdException e) {
        return e.getTypeId() == null ? "the type is missing" : "\"" + e.getTypeId() + "\" is not a known type";
    }

    /**
     * {@code 97.5 is not a whole number}, {@code "FOO" is not one of […]}: the value as it was written
     * (text in quotes) when Jackson kept it, else what was expected.
     */
    private static String notA(MismatchedInputException mismatch) {
        String expected = expected(mismatch.getTargetType());
        Object value = mismatch instanceof InvalidFormatException format ? format.getValue() : null;
        if (value == null) {
            return "expected " + expected;
        }
        return (value instanceof String text ? "\"" + text + "\"" : String.valueOf(value)) + " is not " + expected;
    }

    /** What a scalar field takes, in the API's words; null for anything else (Jackson's own message is kept). */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        return type == java.time.LocalDate.class ? "a date (yyyy-MM-dd)"
                : type == java.time.Instant.class ? "an instant (ISO-8601, e.g. 2026-03-01T12:00:00Z)"
                : type == java.util.UUID.class ? "a UUID"
                : type == Integer.class || type == Long.class || type == Short.class || type == int.class
                        || type == long.class || type == short.class ? "a whole number"
                : Number.class.isAssignableFrom(type) || type == double.class ? "a number"
                : type == Boolean.class || type == boolean.class ? "true or false"
                : type == String.class ? "text"
                : type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                : null;
    }

    /** {@code learningDeliveries[0].learnPlanEndDate}: Jackson's path to the value, in the API's words. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static ProblemDetail domainProblem(DomainProblem problem, String path) {
        String field = problem.field();
        if (path != null && !path.isEmpty()) {
            // The value type names its own field; the path says where in the body it sits.
            String named = path.replaceAll("\\[\\d+]$", "");
            field = field == null || named.endsWith(field) ? path : path + "." + field;
        }
        HttpStatus status = switch (problem.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        String slug = problem.ruleId() != null ? "rule-failed" : switch (problem.kind()) {
            case INVALID -> "invalid-field";
            case FORBIDDEN -> "not-allowed";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
        };
        ProblemDetail detail = problem.errors().size() > 1 ? Problems.of(status, slug, problem.getMessage())
                : Problems.field(status, slug, field, problem.getMessage());
        if (problem.errors().size() > 1) {
            detail.setProperty("errors", problem.errors().stream()
                    .map(error -> java.util.Map.of("field", error.field(), "message", error.message()))
                    .toList());
        }
        if (problem.ruleId() != null) {
            detail.setProperty("ruleId", problem.ruleId());
        }
        return detail;
    }

    private static Throwable rootDomainCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainProblem) {
                return t;
            }
        }
        return e;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
