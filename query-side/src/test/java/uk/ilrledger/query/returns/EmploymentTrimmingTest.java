package uk.ilrledger.query.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;

class EmploymentTrimmingTest {

    static LearningDelivery aim(int seq, LocalDate start) {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "ZPROG001";
        aim.aimType = 1;
        aim.aimSeqNumber = seq;
        aim.learnStartDate = start;
        aim.learnPlanEndDate = start.plusYears(1);
        aim.fundModel = 36;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        aim.swSupAimId = "aim-" + seq;
        return aim.build();
    }

    static LearnerEmploymentStatus status(String date, int empId) {
        return new LearnerEmploymentStatus(10, LocalDate.parse(date), empId, List.of());
    }

    @Test
    void theLatestStatusBeforeTheEarliestIncludedAimAndEveryLaterOneAreReturned() {
        List<LearnerEmploymentStatus> statuses = List.of(status("2026-03-02", 100000002), status("2023-01-09", 111111113),
                status("2025-08-31", 123456789));
        List<LearningDelivery> included = List.of(aim(2, LocalDate.of(2026, 2, 2)), aim(1, LocalDate.of(2025, 9, 1)));

        assertThat(ReturnSnapshots.trimmed(statuses, included)).extracting(LearnerEmploymentStatus::empId)
                .containsExactly(123456789, 100000002);
    }

    @Test
    void aimSeqNumbersRun1ToNInStartOrder() {
        List<LearningDelivery> renumbered = YearRules.renumbered(List.of(aim(7, LocalDate.of(2026, 2, 2)),
                aim(3, LocalDate.of(2025, 9, 1)), aim(5, LocalDate.of(2025, 9, 1))));
        assertThat(renumbered).extracting(LearningDelivery::swSupAimId).containsExactly("aim-3", "aim-5", "aim-7");
        assertThat(renumbered).extracting(LearningDelivery::aimSeqNumber).containsExactly(1, 2, 3);
    }
}
