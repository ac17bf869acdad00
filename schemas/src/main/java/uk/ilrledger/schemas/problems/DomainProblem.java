package uk.ilrledger.schemas.problems;

import java.util.List;
import java.util.Objects;

/**
 * A request the domain refuses, with what it refused and why. The web layer turns the
 * {@link Kind} into an HTTP status and the rest into an RFC 7807 problem body.
 */
public class DomainProblem extends RuntimeException {

    public enum Kind {
        /** Malformed or invalid input: 400. */
        INVALID,
        /** Not allowed for this user: 403. */
        FORBIDDEN,
        /** Unknown learner, change or evidence: 404. */
        NOT_FOUND,
        /** Conflicts with the current state, e.g. a change already decided: 409. */
        CONFLICT
    }

    /** One field at fault and why, when a request has several. */
    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final String field;
    private final String ruleId;
    private final List<FieldError> errors;

    public DomainProblem(Kind kind, String field, String ruleId, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.field = field;
        this.ruleId = ruleId;
        this.errors = List.of();
    }

    private DomainProblem(List<FieldError> errors, String message) {
        super(message);
        this.kind = Kind.INVALID;
        this.field = errors.get(0).field();
        this.ruleId = null;
        this.errors = List.copyOf(errors);
    }

    public static DomainProblem invalid(String field, String message) {
        return new DomainProblem(Kind.INVALID, field, null, message);
    }

    /** Invalid input with every field at fault listed, so a client can fix them all at once. */
    public static DomainProblem invalidFields(List<FieldError> errors, String message) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a problem with several fields names at least one");
        }
        return new DomainProblem(errors, message);
    }

    public static DomainProblem rule(Kind kind, String ruleId, String field, String message) {
        return new DomainProblem(kind, field, ruleId, message);
    }

    public static DomainProblem notFound(String field, String message) {
        return new DomainProblem(Kind.NOT_FOUND, field, null, message);
    }

    public static DomainProblem conflict(String field, String message) {
        return new DomainProblem(Kind.CONFLICT, field, null, message);
    }

    public static DomainProblem forbidden(String message) {
        return new DomainProblem(Kind.FORBIDDEN, null, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, in the API's lowerCamelCase, or null. */
    public String field() {
        return field;
    }

    /** Every field at fault when there are several; empty when {@link #field()} says it all. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The DfE validation rule id (e.g. {@code LearnActEndDate_01}) when a rule failed, or null. */
    public String ruleId() {
        return ruleId;
    }
}
