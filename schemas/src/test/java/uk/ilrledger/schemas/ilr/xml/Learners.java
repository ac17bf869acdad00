package uk.ilrledger.schemas.ilr.xml;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearnerFam;
import uk.ilrledger.schemas.ilr.LearnerHe;
import uk.ilrledger.schemas.ilr.LearnerHeFinancialSupport;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.LearningDeliveryHe;
import uk.ilrledger.schemas.ilr.LearningDeliveryWorkPlacement;
import uk.ilrledger.schemas.ilr.LlddAndHealthProblem;
import uk.ilrledger.schemas.ilr.PriorAttain;
import uk.ilrledger.schemas.ilr.ProviderSpecDeliveryMonitoring;
import uk.ilrledger.schemas.ilr.ProviderSpecLearnerMonitoring;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/** Made-up learners as a return snapshot holds them: no real person's data. */
public final class Learners {

    public static final long ULN = 1000000000L;
    public static final LocalDate START = LocalDate.of(2025, 9, 1);

    private Learners() {
    }

    /** An apprentice with the common elements filled in: a withdrawn programme aim and a component aim. */
    public static IlrLearner apprentice(String ref) {
        LearningDelivery.Builder programme = new LearningDelivery.Builder();
        programme.learnAimRef = "ZPROG001";
        programme.aimType = 1;
        programme.aimSeqNumber = 1;
        programme.learnStartDate = START;
        programme.origLearnStartDate = LocalDate.of(2024, 9, 2);
        programme.learnPlanEndDate = LocalDate.of(2027, 3, 1);
        programme.fundModel = 36;
        programme.pHours = 400;
        programme.otjActHours = 120;
        programme.progType = 25;
        programme.stdCode = 91;
        programme.delLocPostCode = "ZZ99 9ZZ";
        programme.priorLearnFundAdj = 80;
        programme.epaOrgId = "EPA0001";
        programme.compStatus = 3;
        programme.learnActEndDate = LocalDate.of(2026, 2, 27);
        programme.withdrawReason = 97;
        programme.outcome = 3;
        programme.swSupAimId = "3f2b8e44-7a51-4c3e-9d0b-1a2b3c4d5e6f";
        programme.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, LocalDate.of(2026, 2, 27)),
                new LearningDeliveryFam("SOF", "105", null, null));
        programme.appFinRecords = List.of(new AppFinRecord("TNP", 1, START, 9000),
                new AppFinRecord("PMR", 1, LocalDate.of(2025, 10, 1), 500));
        LearningDelivery.Builder component = new LearningDelivery.Builder();
        component.learnAimRef = "60000001";
        component.aimType = 3;
        component.aimSeqNumber = 2;
        component.learnStartDate = START;
        component.learnPlanEndDate = LocalDate.of(2027, 3, 1);
        component.fundModel = 36;
        component.progType = 25;
        component.stdCode = 91;
        component.delLocPostCode = "ZZ99 9ZZ";
        component.compStatus = 2;
        component.learnActEndDate = LocalDate.of(2026, 1, 30);
        component.outcome = 1;
        component.achDate = LocalDate.of(2026, 1, 30);
        component.outGrade = "PA";
        component.swSupAimId = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber(ref);
        learner.uln = new Uln(ULN);
        learner.familyName = "Zoë O'Brien-Smith";
        learner.givenNames = "Sam";
        learner.dateOfBirth = LocalDate.of(2000, 1, 1);
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 2;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(1), 123456789, List.of()),
                new LearnerEmploymentStatus(11, LocalDate.of(2026, 3, 1), null, List.of()));
        learner.learningDeliveries = List.of(programme.build(), component.build());
        return learner.build();
    }

    /** Only what the schema requires: no name, no date of birth, no employment, one aim with nothing optional. */
    public static IlrLearner minimal(String ref) {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "60000001";
        aim.aimType = 3;
        aim.aimSeqNumber = 1;
        aim.learnStartDate = START;
        aim.learnPlanEndDate = LocalDate.of(2026, 6, 30);
        aim.fundModel = 35;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber(ref);
        learner.uln = Uln.NOT_KNOWN;
        learner.ethnicity = 99;
        learner.sex = "M";
        learner.llddHealthProb = 9;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learningDeliveries = List.of(aim.build());
        return learner.build();
    }

    /**
     * A learner with every element of the ILR schema under Learner: every optional simple element set,
     * every group present, and two or more members in each group that may repeat. The values are
     * valid against the schema, not a plausible learner: a completed HE aim and a withdrawn one
     * between them hold every LearningDelivery element.
     */
    public static IlrLearner everyElement(String ref) {
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber(ref);
        learner.prevLearnRefNumber = "OLD 001";
        learner.prevUkprn = 10000002;
        learner.pmUkprn = 10000003;
        learner.campId = "CAMPUS01";
        learner.uln = new Uln(1000000019L);
        learner.familyName = "Example";
        learner.givenNames = "Sam Example";
        learner.dateOfBirth = LocalDate.of(2000, 1, 1);
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 1;
        learner.niNumber = "QQ123456C";
        learner.accom = 5;
        learner.alsCost = 1200;
        learner.planLearnHours = 450;
        learner.planEepHours = 30;
        learner.mathGrade = "4";
        learner.engGrade = "5";
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.addLine1 = "1 Example Street";
        learner.addLine2 = "Flat 2/B";
        learner.addLine3 = "Exampletown";
        learner.addLine4 = "Exampleshire";
        learner.telNo = "01632960000";
        learner.email = "learner@example.com";
        learner.priorAttains = List.of(new PriorAttain(3, LocalDate.of(2023, 8, 1)),
                new PriorAttain(4, LocalDate.of(2025, 8, 1)));
        learner.llddAndHealthProblems = List.of(new LlddAndHealthProblem(4, 1), new LlddAndHealthProblem(6, null));
        learner.learnerFams = List.of(new LearnerFam("EHC", 1), new LearnerFam("LSR", 36), new LearnerFam("NLM", 17));
        learner.providerSpecLearnerMonitorings = List.of(new ProviderSpecLearnerMonitoring("A", "GROUP 1"),
                new ProviderSpecLearnerMonitoring("B", "COHORT-7"));
        learner.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(1), 123456789,
                        List.of(new EmploymentStatusMonitoring("EII", 8), new EmploymentStatusMonitoring("LOE", 4))),
                new LearnerEmploymentStatus(11, LocalDate.of(2026, 3, 1), null,
                        List.of(new EmploymentStatusMonitoring("SEM", 1))));
        learner.learnerHe = new LearnerHe("1234567890", 1, List.of(new LearnerHeFinancialSupport(1, 500),
                new LearnerHeFinancialSupport(2, 250)));
        learner.learningDeliveries = List.of(everyElementAim(), withdrawnAim());
        return learner.build();
    }

    /** A completed aim with every LearningDelivery element but WithdrawReason. */
    private static LearningDelivery everyElementAim() {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "ZPROG001";
        aim.aimType = 1;
        aim.aimSeqNumber = 1;
        aim.learnStartDate = START;
        aim.origLearnStartDate = LocalDate.of(2024, 9, 2);
        aim.learnPlanEndDate = LocalDate.of(2027, 3, 1);
        aim.fundModel = 36;
        aim.pHours = 400;
        aim.otjActHours = 120;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.partnerUkprn = 10000004;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.lsdPostcode = "ZZ99 9ZZ";
        aim.addHours = 20;
        aim.priorLearnFundAdj = 80;
        aim.otherFundAdj = 10;
        aim.conRefNumber = "CON-0001";
        aim.epaOrgId = "EPA0001";
        aim.compStatus = 2;
        aim.learnActEndDate = LocalDate.of(2027, 2, 26);
        aim.outcome = 1;
        aim.achDate = LocalDate.of(2027, 3, 20);
        aim.outGrade = "PASS";
        aim.swSupAimId = "7d3c2b1a-0f9e-4d8c-b7a6-958473625140";
        aim.tlOut = 1;
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, LocalDate.of(2027, 3, 20)),
                new LearningDeliveryFam("SOF", "105", null, null));
        aim.learningDeliveryWorkPlacements = List.of(
                new LearningDeliveryWorkPlacement(START, LocalDate.of(2025, 12, 19), 120, 1, 123456789),
                new LearningDeliveryWorkPlacement(LocalDate.of(2026, 1, 5), null, 80, 2, null));
        aim.appFinRecords = List.of(new AppFinRecord("TNP", 1, START, 9000),
                new AppFinRecord("PMR", 1, LocalDate.of(2025, 10, 1), 500));
        aim.providerSpecDeliveryMonitorings = List.of(new ProviderSpecDeliveryMonitoring("A", "DELMON 1"),
                new ProviderSpecDeliveryMonitoring("B", "X"));
        aim.learningDeliveryHe = new LearningDeliveryHe("EXAMPLE000001", "P50", 2315, 1, "AB12", 1, 1, 10, 1,
                new BigDecimal("100.0"), 1, 1, new BigDecimal("12.5"), 0, 9250, 9250, "GB", 1, "ZZ99 9ZZ");
        return aim.build();
    }

    /** A withdrawn component aim: the one element the completed aim lacks, WithdrawReason. */
    private static LearningDelivery withdrawnAim() {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "60000001";
        aim.aimType = 3;
        aim.aimSeqNumber = 2;
        aim.learnStartDate = START;
        aim.learnPlanEndDate = LocalDate.of(2026, 6, 30);
        aim.fundModel = 36;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 3;
        aim.learnActEndDate = LocalDate.of(2026, 2, 27);
        aim.withdrawReason = 40;
        aim.outcome = 3;
        aim.swSupAimId = "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6";
        return aim.build();
    }

    public static IlrLearner withName(IlrLearner learner, String familyName) {
        return with(learner, b -> b.familyName = familyName);
    }

    public static IlrLearner withGivenNames(IlrLearner learner, String givenNames) {
        return with(learner, b -> b.givenNames = givenNames);
    }

    public static IlrLearner withPostcode(IlrLearner learner, String postcode) {
        return with(learner, b -> b.postcode = postcode);
    }

    public static IlrLearner withEthnicityAndSex(IlrLearner learner, int ethnicity, String sex) {
        return with(learner, b -> {
            b.ethnicity = ethnicity;
            b.sex = sex;
        });
    }

    /** The learner with its Learner elements changed by {@code change}. */
    public static IlrLearner with(IlrLearner learner, Consumer<IlrLearner.Builder> change) {
        IlrLearner.Builder b = learner.toBuilder();
        change.accept(b);
        return b.build();
    }

    /** The learner with its first aim changed by {@code change}. */
    public static IlrLearner withFirstAim(IlrLearner learner, Consumer<LearningDelivery.Builder> change) {
        LearningDelivery.Builder first = learner.learningDeliveries().get(0).toBuilder();
        change.accept(first);
        List<LearningDelivery> aims = new ArrayList<>(learner.learningDeliveries());
        aims.set(0, first.build());
        return learner.withLearningDeliveries(aims);
    }
}
