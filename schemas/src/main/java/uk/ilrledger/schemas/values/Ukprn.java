package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import uk.ilrledger.schemas.problems.DomainProblem;

/** UK Provider Reference Number: 8 digits, 10000000..99999999. */
public record Ukprn(int value) {

    public Ukprn {
        if (value < 10_000_000 || value > 99_999_999) {
            throw DomainProblem.invalid("ukprn", "UKPRN must be 8 digits, 10000000 to 99999999, was " + value);
        }
    }

    @JsonCreator
    public static Ukprn of(int value) {
        return new Ukprn(value);
    }

    public static Ukprn parse(String text) {
        if (text == null || !text.matches("[0-9]{8}")) {
            throw DomainProblem.invalid("ukprn", "UKPRN must be 8 digits, was '" + text + "'");
        }
        return new Ukprn(Integer.parseInt(text));
    }

    @JsonValue
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
