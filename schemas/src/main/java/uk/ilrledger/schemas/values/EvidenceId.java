package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Evidence is stored content-addressed: its id is the lower-case hex SHA-256 of its bytes. */
public record EvidenceId(String sha256) {

    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    public EvidenceId {
        if (sha256 == null || !FORM.matcher(sha256).matches()) {
            throw DomainProblem.invalid("evidence", "an evidence id is a lower-case hex SHA-256, was '" + sha256 + "'");
        }
    }

    @JsonCreator
    public static EvidenceId of(String sha256) {
        return new EvidenceId(sha256);
    }

    @JsonValue
    public String sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return sha256;
    }
}
