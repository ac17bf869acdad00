package uk.ilrledger.testsupport;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/** Made-up learners for tests: no real person's data. */
public final class SampleLearners {

    public static final int UKPRN = 10000001;
    /** Valid ULNs: check digit per the ILR specification. */
    public static final long ULN = 1000000000L;

    private SampleLearners() {
    }

    /**
     * An apprentice on standard 91 (FundModel 36, ProgType 25) started on {@code start}: programme aim
     * ZPROG001 (AimType 1) with an ACT=1 FAM and TNP1/TNP2 prices, and one component aim (AimType 3).
     */
    public static IlrLearner apprentice(String learnRefNumber, LocalDate start) {
        LocalDate planEnd = start.plusMonths(18);
        List<LearningDeliveryFam> act = List.of(new LearningDeliveryFam("ACT", "1", start, null));
        LearningDelivery programme = new LearningDelivery("ZPROG001", 1, null, start, null, planEnd, 36, 400, null,
                25, 91, "ZZ99 9ZZ", null, "EPA0001", 1, null, null, null, null, null, null, act,
                List.of(new AppFinRecord("TNP", 1, start, 9000), new AppFinRecord("TNP", 2, start, 1000)));
        LearningDelivery component = new LearningDelivery("60000001", 3, null, start, null, planEnd, 36, null, null,
                25, 91, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, null, act, List.of());
        return new IlrLearner(new LearnRefNumber(learnRefNumber), new Uln(ULN), "Example", "Sam", LocalDate.of(2000, 1, 1),
                31, "F", 2, "ZZ99 9ZZ", "ZZ99 9ZZ",
                List.of(new LearnerEmploymentStatus(10, start.minusDays(1), 123456789)),
                List.of(programme, component));
    }
}
