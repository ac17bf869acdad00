package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/** The provider's own learner reference: 1 to 12 characters of {@code [A-Za-z0-9 ]}. */
public record LearnRefNumber(String value) {

    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9 ]{1,12}");

    public LearnRefNumber {
        if (value == null || !FORM.matcher(value).matches()) {
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
