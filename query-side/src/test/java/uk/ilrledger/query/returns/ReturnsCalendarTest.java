package uk.ilrledger.query.returns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;

class ReturnsCalendarTest {

    final ReturnsCalendar calendar = new ReturnsCalendar(JsonMapper.builder().findAndAddModules().build(),
            new StandardEnvironment());

    @ParameterizedTest(name = "{0} {1} closes {2}")
    @CsvSource({
            // the 4th working day of the following month, 18:00 UK time
            "2526, R01, 2025-09-04T18:00+01:00[Europe/London]",
            "2526, R04, 2025-12-04T18:00Z[Europe/London]",
            // 1 January is a bank holiday and 3-4 January a weekend
            "2526, R05, 2026-01-07T18:00Z[Europe/London]",
            // R08 is March: Good Friday 3 April and Easter Monday 6 April 2026 are not working days
            "2526, R08, 2026-04-08T18:00+01:00[Europe/London]",
            "2526, R12, 2026-08-06T18:00+01:00[Europe/London]",
            "2627, R01, 2026-09-04T18:00+01:00[Europe/London]",
            "2627, R05, 2027-01-07T18:00Z[Europe/London]",
            // the early May bank holiday, 5 May 2025
            "2425, R09, 2025-05-07T18:00+01:00[Europe/London]"
    })
    void cutOffs(String year, String period, String expected) {
        assertThat(calendar.cutOff(CollectionYear.parse(year), ReturnPeriod.parse(period)))
                .isEqualTo(ZonedDateTime.parse(expected));
    }

    @ParameterizedTest(name = "at {0} the return due next is {1} {2}")
    @CsvSource({
            // R07 (February) closes on 5 March 2026
            "2026-03-02T09:00:00Z, 2526, R07",
            "2026-03-05T18:30:00Z, 2526, R08",
            // early August: the year before's R12 closes on the 6th
            "2026-08-03T09:00:00Z, 2526, R12",
            // mid-September: the year before's R13 (15 September) before the new year's R02
            "2026-09-10T09:00:00Z, 2526, R13",
            "2026-12-07T09:00:00Z, 2627, R05"
    })
    void theReturnDueNextHasTheNearestCutOffStillAhead(String now, String year, String period) {
        ReturnsCalendar.Due due = calendar.dueNext(ZonedDateTime.parse(now)).orElseThrow();
        assertThat(due.year()).isEqualTo(CollectionYear.parse(year));
        assertThat(due.period()).isEqualTo(ReturnPeriod.parse(period));
    }

    @Test
    void noReturnIsDueNextInYearsWithoutACalendar() {
        assertThat(calendar.dueNext(ZonedDateTime.parse("2031-01-01T09:00:00Z"))).isEmpty();
    }

    @Test
    void everyYearHasFourteenReturnsAndR12ToR14HoldDataTo31July() {
        for (String year : List.of("2425", "2526", "2627")) {
            List<ReturnsCalendar.Deadline> deadlines = calendar.year(CollectionYear.parse(year));
            assertThat(deadlines).hasSize(14);
            assertThat(deadlines.get(0).lastDay()).isEqualTo(CollectionYear.parse(year).firstDay().plusMonths(1).minusDays(1));
            assertThat(deadlines.subList(11, 14)).extracting(ReturnsCalendar.Deadline::lastDay)
                    .containsOnly(CollectionYear.parse(year).lastDay());
            assertThat(deadlines).extracting(d -> d.cutOff().toInstant()).isSorted();
        }
    }

    @Test
    void r13AndR14AreConfigurable() {
        MockEnvironment environment = new MockEnvironment().withProperty("ilr-ledger.returns.2526.r14-cut-off",
                "2026-10-20T18:00");
        ReturnsCalendar configured = new ReturnsCalendar(JsonMapper.builder().findAndAddModules().build(), environment);
        assertThat(configured.cutOff(CollectionYear.parse("2526"), ReturnPeriod.parse("R14")).toLocalDate())
                .isEqualTo(LocalDate.of(2026, 10, 20));
    }
}
