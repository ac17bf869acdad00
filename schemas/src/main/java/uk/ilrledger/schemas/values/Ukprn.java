package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/** UK Provider Reference Number: 8 digits, 10000000..99999999. */
public record Ukprn(int value) {

    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern FORM = Pattern.compile("[0-9]{8}");

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
        if (text == null || !FORM.matcher(text).matches()) {
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
