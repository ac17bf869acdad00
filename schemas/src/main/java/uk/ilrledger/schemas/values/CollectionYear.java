package uk.ilrledger.schemas.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/** A collection year, 1 August to 31 July, coded as in file names: {@code 2526} for 2025-26. */
public record CollectionYear(int startYear) {

    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern FORM = Pattern.compile("[0-9]{4}");

    public CollectionYear {
        if (startYear < 2000 || startYear > 2098) {
            throw DomainProblem.invalid("year", "collection year out of range: " + startYear);
        }
    }

    @JsonCreator
    public static CollectionYear parse(String code) {
        if (code == null || !FORM.matcher(code).matches()
                || Integer.parseInt(code.substring(2)) != (Integer.parseInt(code.substring(0, 2)) + 1) % 100) {
            throw DomainProblem.invalid("year", "a collection year is written like 2526, was '" + code + "'");
        }
        return new CollectionYear(2000 + Integer.parseInt(code.substring(0, 2)));
    }

    public static CollectionYear containing(LocalDate date) {
        return new CollectionYear(date.getMonthValue() >= 8 ? date.getYear() : date.getYear() - 1);
    }

    public LocalDate firstDay() {
        return LocalDate.of(startYear, 8, 1);
    }

    public LocalDate lastDay() {
        return LocalDate.of(startYear + 1, 7, 31);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(firstDay()) && !date.isAfter(lastDay());
    }

    @JsonValue
    public String code() {
        return String.format("%02d%02d", startYear % 100, (startYear + 1) % 100);
    }

    @Override
    public String toString() {
        return code();
    }
}
