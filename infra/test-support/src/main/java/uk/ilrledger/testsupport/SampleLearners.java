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
        LearningDelivery.Builder programme = new LearningDelivery.Builder();
        programme.learnAimRef = "ZPROG001";
        programme.aimType = 1;
        programme.learnStartDate = start;
        programme.learnPlanEndDate = planEnd;
        programme.fundModel = 36;
        programme.pHours = 400;
        programme.progType = 25;
        programme.stdCode = 91;
        programme.delLocPostCode = "ZZ99 9ZZ";
        programme.epaOrgId = "EPA0001";
        programme.compStatus = 1;
        programme.learningDeliveryFams = act;
        programme.appFinRecords = List.of(new AppFinRecord("TNP", 1, start, 9000),
                new AppFinRecord("TNP", 2, start, 1000));
        LearningDelivery.Builder component = new LearningDelivery.Builder();
        component.learnAimRef = "60000001";
        component.aimType = 3;
        component.learnStartDate = start;
        component.learnPlanEndDate = planEnd;
        component.fundModel = 36;
        component.progType = 25;
        component.stdCode = 91;
        component.delLocPostCode = "ZZ99 9ZZ";
        component.compStatus = 1;
        component.learningDeliveryFams = act;
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber(learnRefNumber);
        learner.uln = new Uln(ULN);
        learner.familyName = "Example";
        learner.givenNames = "Sam";
        learner.dateOfBirth = LocalDate.of(2000, 1, 1);
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 2;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, start.minusDays(1), 123456789, List.of()));
        learner.learningDeliveries = List.of(programme.build(), component.build());
        return learner.build();
    }
}
