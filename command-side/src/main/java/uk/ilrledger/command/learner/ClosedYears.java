package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.PropertyResolver;
import uk.ilrledger.schemas.ilr.FieldChange;
import uk.ilrledger.schemas.ilr.IlrDiff;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * After R14's hard close a collection year can never be changed: the DfE takes no more data for it.
 * A change whose effect falls in a closed year (its effective date, or any ILR date it writes or
 * overwrites, on or before that year's 31 July) is refused when raised and when approved. The one
 * change the DfE takes for a closed year is a withdrawal back into the latest closed year: it is
 * accepted, and the aims are kept in the next year's return (force-included), since dropping them
 * would read to the DfE as deleted data. R14 dates come from {@code returns-calendar/{year}.json},
 * overridden by {@code ilr-ledger.returns.{year}.r14-cut-off}, as for the returns calendar.
 */
public class ClosedYears {

    public static final String RULE_ID = "LDG_YearClosed";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final String ORIGINAL_START = "origLearnStartDate";

    private final ObjectMapper json;
    private final PropertyResolver overrides;
    private final Map<CollectionYear, ZonedDateTime> hardCloses = new ConcurrentHashMap<>();

    public ClosedYears(ObjectMapper json, PropertyResolver overrides) {
        this.json = json;
        this.overrides = overrides;
    }

    /** What a change that passes does to a closed year: nothing, or it withdraws aims back into one. */
    public record Verdict(CollectionYear withdrawnBackInto) {
        static final Verdict NONE = new Verdict(null);

        /** The flag that keeps withdrawn-back aims in the next year's return, approved with the withdrawal. */
        public Optional<AimForceIncluded> keptInNextYear(ChangeRaised raised, String approvedBy) {
            if (withdrawnBackInto == null) {
                return Optional.empty();
            }
            CollectionYear next = new CollectionYear(withdrawnBackInto.startYear() + 1);
            // Its own change id: the withdrawal's history entry keeps the withdrawal's field changes.
            UUID flagId = UUID.nameUUIDFromBytes((raised.changeId() + "|kept-in|" + next.code())
                    .getBytes(StandardCharsets.UTF_8));
            return Optional.of(new AimForceIncluded(raised.learner(), flagId, raised.aims(), next.code(),
                    "Withdrawn back into " + withdrawnBackInto + " after its hard close (change " + raised.changeId()
                            + "); kept in " + next + "'s return so the DfE can reconcile the aims",
                    raised.evidence(), raised.raisedBy(), approvedBy));
        }
    }

    /**
     * Refuses {@code applied}, the ILR event that approving {@code raised} would record against
     * {@code record}, when it alters a year that had closed by {@code now}.
     */
    public Verdict check(IlrLearner record, ChangeRaised raised, ApprovedChange applied, Instant now) {
        CollectionYear closed = latestClosed(now);
        LocalDate closedEnd = closed.lastDay();
        if (applied instanceof AimForceIncluded flag) {
            CollectionYear year = CollectionYear.parse(flag.year());
            if (!year.lastDay().isAfter(closedEnd)) {
                throw refused("values.year", year, "aims cannot be added to its returns");
            }
            return Verdict.NONE;
        }
        List<FieldChange> changes = IlrDiff.between(record, IlrFold.apply(record, applied));
        if (changes.isEmpty()) {
            return Verdict.NONE;
        }
        String field = "effectiveDate";
        LocalDate earliest = raised.effectiveDate();
        for (FieldChange change : changes) {
            if (ORIGINAL_START.equals(change.field())) {
                continue; // a restart's reference to where learning began: it returns nothing for that year
            }
            for (String value : new String[] {change.oldValue(), change.newValue()}) {
                LocalDate date = date(value);
                if (date != null && date.isBefore(earliest)) {
                    earliest = date;
                    field = "values." + Character.toLowerCase(change.field().charAt(0)) + change.field().substring(1);
                }
            }
        }
        if (earliest.isAfter(closedEnd)) {
            return Verdict.NONE;
        }
        if (raised.proposal() instanceof Withdrawal withdrawal && closed.contains(earliest)
                && closed.contains(withdrawal.learnActEndDate())) {
            return new Verdict(closed);
        }
        throw refused(field, CollectionYear.containing(earliest), "this change dated " + earliest
                + " would alter what it returned; only a withdrawal back into the latest closed year is accepted");
    }

    /** The latest collection year whose R14 hard close has passed by {@code now}. */
    public CollectionYear latestClosed(Instant now) {
        // The current year's R14 is more than a year away; years before it close in turn.
        CollectionYear year = CollectionYear.containing(LocalDate.ofInstant(now, UK));
        do {
            year = new CollectionYear(year.startYear() - 1);
        } while (!now.isAfter(hardClose(year).toInstant()));
        return year;
    }

    /** R14's cut-off: the published date, or the configured override. */
    public ZonedDateTime hardClose(CollectionYear year) {
        return hardCloses.computeIfAbsent(year, y -> {
            String configured = overrides.getProperty("ilr-ledger.returns." + y.code() + ".r14-cut-off");
            return (configured != null ? LocalDateTime.parse(configured) : published(y)).atZone(UK);
        });
    }

    private record CalendarYear(LocalDateTime r14CutOff) {
    }

    private LocalDateTime published(CollectionYear year) {
        String resource = "returns-calendar/" + year.code() + ".json";
        try (InputStream in = ClosedYears.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                // No published calendar (years before the ledger's): R14 closes in mid-October.
                return LocalDate.of(year.startYear() + 1, 10, 15).atTime(18, 0);
            }
            return json.readerFor(CalendarYear.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .<CalendarYear>readValue(in).r14CutOff();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + resource, e);
        }
    }

    private DomainProblem refused(String field, CollectionYear year, String why) {
        return DomainProblem.rule(CONFLICT, RULE_ID, field, "collection year " + year + " closed at R14's hard close ("
                + hardClose(year).toLocalDateTime() + " UK time): " + why);
    }

    private static LocalDate date(String value) {
        if (value == null || !value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
