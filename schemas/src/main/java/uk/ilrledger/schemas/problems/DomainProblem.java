package uk.ilrledger.schemas.problems;

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

    private final Kind kind;
    private final String field;
    private final String ruleId;

    public DomainProblem(Kind kind, String field, String ruleId, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.field = field;
        this.ruleId = ruleId;
    }

    public static DomainProblem invalid(String field, String message) {
        return new DomainProblem(Kind.INVALID, field, null, message);
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

    /** The DfE validation rule id (e.g. {@code LearnActEndDate_01}) when a rule failed, or null. */
    public String ruleId() {
        return ruleId;
    }
}
