package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Unique Learner Number: 10 digits with a check digit. With r = (10·d1 + 9·d2 + … + 2·d9) mod 11,
 * r = 0 is invalid, otherwise d10 must be 10 − r. 9999999999 is the temporary "not known" value.
 * The type holds any 10 digits, because a provider's file can hold a ULN failing its check digit
 * and the ledger records the file as it is (decision 18); registration and corrections refuse one
 * through {@link #checkDigitValid()}, and an import lists it as a finding.
 */
public record Uln(long value) {

    private static final long NOT_KNOWN_VALUE = 9_999_999_999L;
    public static final Uln NOT_KNOWN = new Uln(NOT_KNOWN_VALUE);

    public Uln {
        if (value < 1_000_000_000L || value > 9_999_999_999L) {
            throw DomainProblem.invalid("uln", "ULN must be 10 digits, 1000000000 to 9999999999, was " + value);
        }
    }

    /** True for the "not known" value and for a ULN whose check digit is right. */
    public boolean checkDigitValid() {
        return value == NOT_KNOWN_VALUE || checkDigitValid(value);
    }

    @JsonCreator
    public static Uln of(long value) {
        return new Uln(value);
    }

    static boolean checkDigitValid(long value) {
        String digits = Long.toString(value);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (10 - i) * (digits.charAt(i) - '0');
        }
        int r = sum % 11;
        return r != 0 && digits.charAt(9) - '0' == 10 - r;
    }

    @JsonValue
    public long value() {
        return value;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
