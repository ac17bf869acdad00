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
                new ProgrammeAim("L1", LocalDate.of(2025, 9, 1), LocalDate.of(2026, 2, 27), 3, 3, null)), SEPTEMBER, MARCH);

        assertThat(month(caseload, SEPTEMBER).count(Standing.ON_PROGRAMME)).isEqualTo(1);
        assertThat(month(caseload, FEBRUARY).count(Standing.WITHDRAWN)).isEqualTo(1);
        assertThat(month(caseload, FEBRUARY).count(Standing.ON_PROGRAMME)).isZero();
        assertThat(month(caseload, MARCH).total()).as("gone from the caseload after the month they left").isZero();
    }

    @Test
    void aBreakAndAPendingOutcomeStayUntilSomethingChangesThem() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim("L2", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 19), 6, 3, null),
                new ProgrammeAim("L3", LocalDate.of(2025, 9, 1), LocalDate.of(2026, 1, 30), 2, 8, null),
                new ProgrammeAim("L4", LocalDate.of(2025, 9, 1), LocalDate.of(2026, 1, 30), 2, 1, null),
                new ProgrammeAim("L5", LocalDate.of(2026, 3, 2), null, 1, null, null)), SEPTEMBER, MARCH);

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
                new ProgrammeAim("L6", LocalDate.of(2025, 9, 1), null, 1, null, null),
                new ProgrammeAim("L7", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 30), 3, 3, null)), SEPTEMBER, SEPTEMBER);

        assertThat(caseload.bars()).hasSize(2);
        assertThat(caseload.bars().stream().mapToInt(Caseload.Bar::height).sum()).isEqualTo(Caseload.CHART_HEIGHT);
        assertThat(caseload.bars()).extracting(Caseload.Bar::title)
                .containsExactly("2025-09: 1 on programme", "2025-09: 1 withdrawn");
    }

    @Test
    void aLearnerOnABreakIsOnABreakUntilTheRestartedAimStartsThenOnProgrammeAgain() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim("10000001/BRK", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 10, 15), 6, null, null),
                new ProgrammeAim("10000001/BRK", LocalDate.of(2026, 1, 5), null, 1, null, null)), SEPTEMBER, MARCH);

        assertThat(caseload.months()).extracting(m -> m.count(Standing.ON_PROGRAMME))
                .containsExactly(1, 0, 0, 0, 1, 1, 1);
        assertThat(caseload.months()).extracting(m -> m.count(Standing.ON_A_BREAK))
                .containsExactly(0, 1, 1, 1, 0, 0, 0);
        assertThat(caseload.months()).as("one learner, counted once a month").allSatisfy(m -> assertThat(m.total()).isEqualTo(1));
    }

    @Test
    void anOutcomeKnownLaterWasPendingUntilItsDateAndCompletesInThatMonth() {
        Caseload caseload = Caseload.of(List.of(
                new ProgrammeAim("10000001/ACH", LocalDate.of(2025, 9, 1), LocalDate.of(2026, 1, 30), 2, 1,
                        LocalDate.of(2026, 3, 10)),
                new ProgrammeAim("10000001/EPA", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 19), 1, null, null)),
                SEPTEMBER, YearMonth.of(2026, 4));

        assertThat(caseload.months()).extracting(m -> m.count(Standing.OUTCOME_PENDING))
                .as("EPA awaited from December; ACH ended in January, achieved in March")
                .containsExactly(0, 0, 0, 1, 2, 2, 1, 1);
        assertThat(caseload.months()).extracting(m -> m.count(Standing.COMPLETED)).containsExactly(0, 0, 0, 0, 0, 0, 1, 0);
    }

    private static Caseload.Month month(Caseload caseload, YearMonth month) {
        return caseload.months().stream().filter(m -> m.month().equals(month)).findFirst().orElseThrow();
    }
}
