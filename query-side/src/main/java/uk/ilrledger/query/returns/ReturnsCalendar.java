package uk.ilrledger.query.returns;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;

/**
 * When each return of a collection year closes. R01 to R12 close at 18:00 UK time on the fourth
 * working day of the following month, England and Wales bank holidays excluded; R13 and R14 close
 * on dates the DfE publishes each year. Bank holidays and the R13/R14 dates are reference data
 * ({@code returns-calendar/{year}.json}); {@code ilr-ledger.returns.{year}.r13-cut-off} and
 * {@code …r14-cut-off} override the latter.
 */
@Component
public class ReturnsCalendar {

    public static final ZoneId UK = ZoneId.of("Europe/London");

    /** One return: the last day of data it holds and when it closes. */
    public record Deadline(String period, LocalDate lastDay, ZonedDateTime cutOff) {
    }

    record YearData(String year, Set<LocalDate> bankHolidays, LocalDateTime r13CutOff, LocalDateTime r14CutOff) {
    }

    private final ObjectMapper json;
    private final Environment environment;
    private final Map<CollectionYear, YearData> years = new ConcurrentHashMap<>();

    public ReturnsCalendar(ObjectMapper json, Environment environment) {
        this.json = json;
        this.environment = environment;
    }

    public List<Deadline> year(CollectionYear year) {
        List<Deadline> deadlines = new ArrayList<>();
        for (int n = 1; n <= 14; n++) {
            ReturnPeriod period = new ReturnPeriod(n);
            deadlines.add(new Deadline(period.code(), period.lastDay(year), cutOff(year, period)));
        }
        return deadlines;
    }

    /** One return of one year. */
    public record Due(CollectionYear year, ReturnPeriod period, ZonedDateTime cutOff) {
    }

    /**
     * The return due next at {@code now}: of the returns of the collection year containing today, the
     * year before (whose R13 and R14 close in the autumn) and the year after, the one whose cut-off is the
     * nearest still ahead. Years with no calendar are passed over; empty when none is known.
     */
    public Optional<Due> dueNext(ZonedDateTime now) {
        CollectionYear current = CollectionYear.containing(now.withZoneSameInstant(UK).toLocalDate());
        Due next = null;
        for (int back = -1; back <= 1; back++) {
            CollectionYear year = new CollectionYear(current.startYear() + back);
            try {
                data(year);
            } catch (DomainProblem unknownYear) {
                continue;
            }
            for (int n = 1; n <= 14; n++) {
                ReturnPeriod period = new ReturnPeriod(n);
                ZonedDateTime cutOff = cutOff(year, period);
                if (cutOff.isAfter(now) && (next == null || cutOff.isBefore(next.cutOff()))) {
                    next = new Due(year, period, cutOff);
                }
            }
        }
        return Optional.ofNullable(next);
    }

    public ZonedDateTime cutOff(CollectionYear year, ReturnPeriod period) {
        YearData data = data(year);
        String overrideKey = "ilr-ledger.returns." + year.code() + ".r" + period.number() + "-cut-off";
        if (period.number() == 13 || period.number() == 14) {
            String configured = environment.getProperty(overrideKey);
            LocalDateTime cutOff = configured != null ? LocalDateTime.parse(configured)
                    : period.number() == 13 ? data.r13CutOff() : data.r14CutOff();
            return cutOff.atZone(UK);
        }
        LocalDate day = period.month(year).plusMonths(1).atDay(1);
        int working = 0;
        while (true) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !data.bankHolidays().contains(day) && ++working == 4) {
                return day.atTime(18, 0).atZone(UK);
            }
            day = day.plusDays(1);
        }
    }

    private YearData data(CollectionYear year) {
        return years.computeIfAbsent(year, y -> {
            String resource = "returns-calendar/" + y.code() + ".json";
            try (InputStream in = ReturnsCalendar.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw DomainProblem.notFound("year", "no returns calendar for collection year " + y);
                }
                return json.readValue(in, YearData.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable " + resource, e);
            }
        });
    }
}
