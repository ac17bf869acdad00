package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Evidence is stored content-addressed: its id is the lower-case hex SHA-256 of its bytes. */
public record EvidenceId(String sha256) {

    public EvidenceId {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
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
