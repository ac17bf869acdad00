package uk.ilrledger.schemas.values;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * The dates the ledger accepts: written {@code yyyy-MM-dd}, a real day, from 1900-01-01 to
 * 2099-12-31. The bounds hold every date an ILR can sensibly carry (a learner's birth, a start,
 * an end) while refusing typing slips such as year 20260 or an expanded year like
 * {@code +100000-01-01}, which every return would then disagree with.
 */
public final class LedgerDates {

    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2099, 12, 31);

    private static final Pattern WRITTEN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private LedgerDates() {
    }

    /** The date {@code text} writes; a 400 (field left to the caller's path) when it is not one the ledger accepts. */
    public static LocalDate parse(String text) {
        if (!WRITTEN.matcher(text).matches()) {
            throw DomainProblem.invalid(null, quoted(text) + " is not a date written yyyy-MM-dd");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw DomainProblem.invalid(null, quoted(text) + " is not a day of the calendar");
        }
        return within(null, date);
    }

    /** {@code date} when it lies within the bounds, else a 400 naming {@code field}. */
    public static LocalDate within(String field, LocalDate date) {
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw DomainProblem.invalid(field, date + " is outside the dates the ledger accepts (" + EARLIEST + " to "
                    + LATEST + ")");
        }
        return date;
    }

    private static String quoted(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return "'" + shown + "'";
    }
}
