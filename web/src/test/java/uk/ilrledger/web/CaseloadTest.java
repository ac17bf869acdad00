package uk.ilrledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.ilrledger.web.Caseload.Standing;
import uk.ilrledger.web.LearnerDirectory.ProgrammeAim;

class CaseloadTest {

    static final YearMonth SEPTEMBER = YearMonth.of(2025, 9);
    static final YearMonth FEBRUARY = YearMonth.of(2026, 2);
    static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Test
    void aWithdrawalCountsInItsOwnMonthAndTheLearnerIsOnProgrammeBeforeIt() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim(LocalDate.of(2025, 9, 1), LocalDate.of(2026, 2, 27), 3, 3)), SEPTEMBER, MARCH);

        assertThat(month(caseload, SEPTEMBER).count(Standing.ON_PROGRAMME)).isEqualTo(1);
        assertThat(month(caseload, FEBRUARY).count(Standing.WITHDRAWN)).isEqualTo(1);
        assertThat(month(caseload, FEBRUARY).count(Standing.ON_PROGRAMME)).isZero();
        assertThat(month(caseload, MARCH).total()).as("gone from the caseload after the month they left").isZero();
    }

    @Test
    void aBreakAndAPendingOutcomeStayUntilSomethingChangesThem() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 19), 6, 3),
                new ProgrammeAim(LocalDate.of(2025, 9, 1), LocalDate.of(2026, 1, 30), 2, 8),
                new ProgrammeAim(LocalDate.of(2025, 9, 1), LocalDate.of(2026, 1, 30), 2, 1),
                new ProgrammeAim(LocalDate.of(2026, 3, 2), null, 1, null)), SEPTEMBER, MARCH);

        assertThat(month(caseload, MARCH).count(Standing.ON_A_BREAK)).isEqualTo(1);
        assertThat(month(caseload, MARCH).count(Standing.OUTCOME_PENDING)).isEqualTo(1);
        assertThat(month(caseload, YearMonth.of(2026, 1)).count(Standing.COMPLETED)).isEqualTo(1);
        assertThat(month(caseload, MARCH).count(Standing.COMPLETED)).isZero();
        assertThat(month(caseload, FEBRUARY).count(Standing.ON_PROGRAMME)).as("not yet started").isZero();
        assertThat(month(caseload, MARCH).count(Standing.ON_PROGRAMME)).isEqualTo(1);
    }

    @Test
    void theTallestBarIsTheChartsFullHeightAndEveryCountHasABar() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim(LocalDate.of(2025, 9, 1), null, 1, null),
                new ProgrammeAim(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 30), 3, 3)), SEPTEMBER, SEPTEMBER);

        assertThat(caseload.bars()).hasSize(2);
        assertThat(caseload.bars().stream().mapToInt(Caseload.Bar::height).sum()).isEqualTo(Caseload.CHART_HEIGHT);
        assertThat(caseload.bars()).extracting(Caseload.Bar::title)
                .containsExactly("2025-09: 1 on programme", "2025-09: 1 withdrawn");
    }

    private static Caseload.Month month(Caseload caseload, YearMonth month) {
        return caseload.months().stream().filter(m -> m.month().equals(month)).findFirst().orElseThrow();
    }
}
