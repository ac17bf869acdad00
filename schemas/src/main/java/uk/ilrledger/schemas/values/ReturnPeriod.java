package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * A return of a collection year: R01 (August) to R12 (July), then R13 and R14 which cover the
 * whole year again after it ends (R14 is the hard close).
 */
public record ReturnPeriod(int number) {

    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern FORM = Pattern.compile("R(0[1-9]|1[0-4])");

    public ReturnPeriod {
        if (number < 1 || number > 14) {
            throw DomainProblem.invalid("period", "a return period is R01 to R14, was " + number);
        }
    }

    @JsonCreator
    public static ReturnPeriod parse(String code) {
        if (code == null || !FORM.matcher(code).matches()) {
            throw DomainProblem.invalid("period", "a return period is written R01 to R14, was '" + code + "'");
        }
        return new ReturnPeriod(Integer.parseInt(code.substring(1)));
    }

    /** The month a period R01..R12 reports; R13 and R14 report July again. */
    public YearMonth month(CollectionYear year) {
        return YearMonth.from(year.firstDay()).plusMonths(Math.min(number, 12) - 1L);
    }

    /** The last day whose data this return holds (31 July for R12 to R14). */
    public LocalDate lastDay(CollectionYear year) {
        return month(year).atEndOfMonth();
    }

    @JsonValue
    public String code() {
        return String.format("R%02d", number);
    }

    @Override
    public String toString() {
        return code();
    }
}
