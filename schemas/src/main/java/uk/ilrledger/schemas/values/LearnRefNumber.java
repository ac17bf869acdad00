package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import uk.ilrledger.schemas.problems.DomainProblem;

/** The provider's own learner reference: 1 to 12 characters of {@code [A-Za-z0-9 ]}. */
public record LearnRefNumber(String value) {

    public LearnRefNumber {
        if (value == null || !value.matches("[A-Za-z0-9 ]{1,12}")) {
            throw DomainProblem.invalid("learnRefNumber",
                    "LearnRefNumber must be 1 to 12 letters, digits or spaces, was '" + value + "'");
        }
    }

    @JsonCreator
    public static LearnRefNumber of(String value) {
        return new LearnRefNumber(value);
    }

    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
