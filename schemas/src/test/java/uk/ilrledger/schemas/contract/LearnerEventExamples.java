package uk.ilrledger.schemas.contract;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.AimAdded;
import uk.ilrledger.schemas.learner.AimRemoved;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.ContractTypeChanged;
import uk.ilrledger.schemas.learner.DeliveryFamsChanged;
import uk.ilrledger.schemas.learner.LearnerFamsChanged;
import uk.ilrledger.schemas.learner.LearnerDidNotReturn;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.learner.PriceChanged;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.ErasureRequested;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.learner.RestartTerms;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Uln;

/**
 * Events as the ledger records them, each type at least once with every optional field set and
 * once with the optional fields left out, and every change proposal type once. One registered
 * learner has every element of the ILR schema.
 */
final class LearnerEventExamples {

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN 42");
    static final UUID CHANGE = UUID.fromString("3f1c2a9e-5b7d-4e8a-9c0b-1d2e3f4a5b6c");
    static final List<EvidenceId> EVIDENCE = List.of(new EvidenceId("ab".repeat(32)), new EvidenceId("0f".repeat(32)));
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);
    static final String PROGRAMME = "6f1b9c3e-0d2a-4b5c-8e7f-a1b2c3d4e5f6";
    static final String COMPONENT = "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
    static final String ADDED = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

    private LearnerEventExamples() {
    }

    static List<LearnerEvent> all() {
        Map<String, Object> correctedLearner = new HashMap<>();
        correctedLearner.put("familyName", "Exampel");
        correctedLearner.put("dateOfBirth", null);
        return List.of(
                new LearnerRegistered(LEARNER, apprentice(), "admin"),
                new LearnerRegistered(LEARNER, minimalLearner(), "admin"),
                new LearnerRegistered(LEARNER, Learners.everyElement("LRN 42"), "admin"),
                new LearnerRegistered(LEARNER, apprentice(), "admin", EVIDENCE, "approver"),
                raised(new ChangeProposal.Withdrawal(LAST_DAY, 97)),
                raised(new ChangeProposal.Withdrawal(null, null)),
                raised(new ChangeProposal.BreakInLearning(LAST_DAY)),
                raised(new ChangeProposal.Restart(LAST_DAY.plusMonths(3), LAST_DAY.plusMonths(15), 6000, 1000, null)),
                raised(new ChangeProposal.Restart(LAST_DAY.plusMonths(3), null, null, null, null, 4000, 800, null,
                        List.of(new RestartTerms(PROGRAMME, LAST_DAY.plusMonths(15), 280, null),
                                new RestartTerms(COMPONENT, LAST_DAY.plusMonths(9), 60, 45)))),
                raised(new ChangeProposal.ChangeOfEmployer(LAST_DAY, 123456789, 5000, 800)),
                raised(new ChangeProposal.ChangeOfEmployer(LAST_DAY, null, null, null, 11,
                        List.of(new EmploymentStatusMonitoring("LOU", 1), new EmploymentStatusMonitoring("BSI", 4)))),
                raised(new ChangeProposal.PriorLearningReduction(7000, 900, START.plusMonths(15), 300, null)),
                raised(new ChangeProposal.Completion(LAST_DAY)),
                raised(new ChangeProposal.EndPointAssessment(LAST_DAY.plusDays(20), 1, "MERIT")),
                raised(new ChangeProposal.PriceChange(LAST_DAY, 8000, 1200, 5000, 900)),
                raised(new ChangeProposal.ContractTypeChange(LAST_DAY, 2)),
                raised(new ChangeProposal.DidNotReturn(3)),
                raised(new ChangeProposal.AddAim(addedAim(null, null))),
                raised(new ChangeProposal.RemoveAim()),
                raised(new ChangeProposal.LearnerFamChange("LSR", List.of(36, 58))),
                raised(new ChangeProposal.LearnerFamChange("EHC", List.of())),
                raised(new ChangeProposal.DeliveryFamChange("LDM", List.of("034", "347"))),
                raised(new ChangeProposal.OutcomeChange(1, LAST_DAY.plusDays(20), "PASS")),
                raised(new ChangeProposal.ForceInclude("2526")),
                raised(new ChangeProposal.Correction(correctedLearner, Map.of("pHours", 350))),
                raised(new ChangeProposal.Correction(null, null)),
                raised(new ChangeProposal.Correction(null, null, Learners.everyElement("LRN 42").learningDeliveries())),
                new ChangeApproved(LEARNER, CHANGE, "approver", "Email checked against the learner file"),
                new ChangeApproved(LEARNER, CHANGE, "approver", null),
                new ChangeRejected(LEARNER, CHANGE, "approver2", "Wrong learner"),
                new LearnerWithdrawn(LEARNER, CHANGE, List.of(PROGRAMME, COMPONENT), LAST_DAY, 97, "Learner left",
                        EVIDENCE, "raiser", "approver"),
                new BreakInLearningStarted(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, "Illness", EVIDENCE, "raiser",
                        "approver"),
                new LearningRestarted(LEARNER, CHANGE, List.of(PROGRAMME),
                        List.of(new RestartedAim(PROGRAMME, "c4d5e6f7-0000-4000-8000-000000000001", 3)),
                        LAST_DAY.plusMonths(3), LAST_DAY.plusMonths(15), 6000, 1000, 75, "Back from the break",
                        EVIDENCE, "raiser", "approver"),
                new LearningRestarted(LEARNER, CHANGE, List.of(PROGRAMME, COMPONENT),
                        List.of(new RestartedAim(PROGRAMME, "c4d5e6f7-0000-4000-8000-000000000001", 3,
                                        LAST_DAY.plusMonths(15), 280, null),
                                new RestartedAim(COMPONENT, "c4d5e6f7-0000-4000-8000-000000000002", 4,
                                        LAST_DAY.plusMonths(9), 60, 45)),
                        LAST_DAY.plusMonths(3), null, null, null, 4000, 800, null, "Back with a new employer",
                        EVIDENCE, "raiser", "approver"),
                new LearningRestarted(LEARNER, CHANGE, List.of(), List.of(), LAST_DAY.plusMonths(3), null, null, null,
                        null, "Back from the break", List.of(), "raiser", "approver"),
                new EmployerChanged(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, 10, 123456789, 5000, 800,
                        "New employer", EVIDENCE, "raiser", "approver"),
                new EmployerChanged(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, 11, null,
                        List.of(new EmploymentStatusMonitoring("LOU", 1)), null, null, "Made redundant", EVIDENCE,
                        "raiser", "approver"),
                new EmployerChanged(LEARNER, CHANGE, List.of(), LAST_DAY, 10, null, null, null, "New employer",
                        EVIDENCE, "raiser", "approver"),
                new PriorLearningRecognised(LEARNER, CHANGE, List.of(PROGRAMME),
                        List.of(new AimTerms(PROGRAMME, 9000, 1000, START.plusMonths(18), 400, 100)),
                        List.of(new AimTerms(PROGRAMME, 7000, 1000, START.plusMonths(15), 300, 80)),
                        "RPL assessment", EVIDENCE, "raiser", "approver"),
                new PriorLearningRecognised(LEARNER, CHANGE, List.of(PROGRAMME),
                        List.of(new AimTerms(PROGRAMME, null, null, null, null, null)),
                        List.of(new AimTerms(null, null, null, null, null, null)), "RPL assessment", EVIDENCE,
                        "raiser", "approver"),
                new AimCompleted(LEARNER, CHANGE, List.of(PROGRAMME, COMPONENT), LAST_DAY, 8, List.of(PROGRAMME),
                        "Finished", EVIDENCE, "raiser", "approver"),
                new AimCompleted(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, 8, null, "Finished", EVIDENCE, "raiser",
                        "approver"),
                new EndPointAssessmentRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 1, LAST_DAY.plusDays(20), "MERIT",
                        "EPA passed", EVIDENCE, "raiser", "approver"),
                new EndPointAssessmentRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 3, LAST_DAY.plusDays(20), null,
                        "EPA failed", EVIDENCE, "raiser", "approver"),
                new PriceChanged(LEARNER, CHANGE, List.of(PROGRAMME), List.of(new AppFinRecord("TNP", 1, START, 9000)),
                        List.of(new AppFinRecord("TNP", 1, LAST_DAY, 8000),
                        new AppFinRecord("TNP", 2, LAST_DAY, 1200)), "New price agreed", EVIDENCE, "raiser", "approver"),
                new ContractTypeChanged(LEARNER, CHANGE, List.of(PROGRAMME, COMPONENT), 2, LAST_DAY,
                        "Employer no longer pays the levy", EVIDENCE, "raiser", "approver"),
                new LearnerDidNotReturn(LEARNER, CHANGE, List.of(PROGRAMME), 3, "Learner will not come back", EVIDENCE,
                        "raiser", "approver"),
                new AimAdded(LEARNER, CHANGE, List.of(ADDED), addedAim(3, ADDED), "Missing maths component",
                        EVIDENCE, "raiser", "approver"),
                new LearnerFamsChanged(LEARNER, CHANGE, List.of(), "LSR", List.of(36, 58), "Bursary awarded", EVIDENCE,
                        "raiser", "approver"),
                new DeliveryFamsChanged(LEARNER, CHANGE, List.of(PROGRAMME), "SOF", List.of("105"), "Funded by ESFA",
                        EVIDENCE, "raiser", "approver"),
                new AimRemoved(LEARNER, CHANGE, List.of(ADDED), List.of(addedAim(3, ADDED)), "Recorded on the wrong learner",
                        EVIDENCE, "raiser", "approver"),
                new OutcomeRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 1, LAST_DAY.plusDays(20), "DISTINCTION",
                        "EPA result", EVIDENCE, "raiser", "approver"),
                new OutcomeRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 3, null, null, "No achievement", EVIDENCE,
                        "raiser", "approver"),
                new AimForceIncluded(LEARNER, CHANGE, List.of(PROGRAMME), "2526", "Returned before this system",
                        EVIDENCE, "raiser", "approver"),
                new QaVerified(LEARNER, "approver", "Evidence pack complete"),
                new QaVerified(LEARNER, "approver", null),
                new ErasureRequested(LEARNER, "The learner asked to be erased; retention period ended", "admin"),
                new LearnerErased(LEARNER, "The learner asked to be erased; retention period ended", "admin", "approver"),
                new RecordCorrected(LEARNER, CHANGE, List.of(COMPONENT), List.of(
                        CorrectedField.learner("familyName", "Example", "Exampel"),
                        CorrectedField.learner("dateOfBirth", LocalDate.of(2000, 1, 1), null),
                        CorrectedField.aim(COMPONENT, "delLocPostCode", "ZZ99 9ZZ", "ZZ99 8ZZ"),
                        CorrectedField.aim(COMPONENT, "learningDeliveryFams",
                                List.of(new LearningDeliveryFam("ACT", "1", START, LAST_DAY)),
                                List.of(new LearningDeliveryFam("ACT", "1", START, null))),
                        CorrectedField.aim(PROGRAMME, null, null, apprentice().aim(PROGRAMME).orElseThrow())),
                        LAST_DAY, "Typo in the family name", EVIDENCE, "raiser", "approver"),
                new RecordCorrected(LEARNER, CHANGE, List.of(), List.of(), null, "Imported from a file", EVIDENCE,
                        "admin", "admin", apprentice()));
    }

    private static ChangeRaised raised(ChangeProposal proposal) {
        return new ChangeRaised(LEARNER, CHANGE, proposal, List.of(PROGRAMME), LAST_DAY, "Learner emailed", EVIDENCE,
                "raiser");
    }

    /** A maths component added after the start, as proposed (no identity) or as recorded. */
    static LearningDelivery addedAim(Integer aimSeqNumber, String swSupAimId) {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "60347435";
        aim.aimType = 3;
        aim.aimSeqNumber = aimSeqNumber;
        aim.learnStartDate = LAST_DAY;
        aim.learnPlanEndDate = LAST_DAY.plusMonths(6);
        aim.fundModel = 36;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        aim.swSupAimId = swSupAimId;
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", LAST_DAY, null));
        return aim.build();
    }

    /** An apprentice with the common optional ILR fields set. */
    static IlrLearner apprentice() {
        LearningDeliveryFam act = new LearningDeliveryFam("ACT", "1", START, LAST_DAY);
        LearningDelivery.Builder programme = new LearningDelivery.Builder();
        programme.learnAimRef = "ZPROG001";
        programme.aimType = 1;
        programme.aimSeqNumber = 1;
        programme.learnStartDate = START;
        programme.origLearnStartDate = START.minusYears(1);
        programme.learnPlanEndDate = START.plusMonths(18);
        programme.fundModel = 36;
        programme.pHours = 400;
        programme.otjActHours = 120;
        programme.progType = 25;
        programme.stdCode = 91;
        programme.delLocPostCode = "ZZ99 9ZZ";
        programme.priorLearnFundAdj = 100;
        programme.epaOrgId = "EPA0001";
        programme.compStatus = 2;
        programme.learnActEndDate = LAST_DAY;
        programme.withdrawReason = 97;
        programme.outcome = 1;
        programme.achDate = LAST_DAY.plusDays(20);
        programme.outGrade = "PASS";
        programme.swSupAimId = PROGRAMME;
        programme.learningDeliveryFams = List.of(act);
        programme.appFinRecords = List.of(new AppFinRecord("TNP", 1, START, 9000),
                new AppFinRecord("TNP", 2, START, 1000));
        LearningDelivery.Builder component = new LearningDelivery.Builder();
        component.learnAimRef = "60000001";
        component.aimType = 3;
        component.aimSeqNumber = 2;
        component.learnStartDate = START;
        component.learnPlanEndDate = START.plusMonths(18);
        component.fundModel = 36;
        component.progType = 25;
        component.stdCode = 91;
        component.delLocPostCode = "ZZ99 9ZZ";
        component.compStatus = 1;
        component.swSupAimId = COMPONENT;
        component.learningDeliveryFams = List.of(act);
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = LEARNER.learnRefNumber();
        learner.uln = new Uln(1000000000L);
        learner.familyName = "Example";
        learner.givenNames = "Sam";
        learner.dateOfBirth = LocalDate.of(2000, 1, 1);
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 2;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(1), 123456789, List.of()),
                new LearnerEmploymentStatus(11, START.minusYears(2), null, List.of()));
        learner.learningDeliveries = List.of(programme.build(), component.build());
        return learner.build();
    }

    /** A learner with only what the ILR requires. */
    static IlrLearner minimalLearner() {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "60000001";
        aim.aimType = 4;
        aim.learnStartDate = START;
        aim.learnPlanEndDate = START.plusMonths(6);
        aim.fundModel = 10;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("SOF", "105", null, null));
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber("LRN 42");
        learner.uln = Uln.NOT_KNOWN;
        learner.ethnicity = 99;
        learner.sex = "M";
        learner.llddHealthProb = 9;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learningDeliveries = List.of(aim.build());
        return learner.build();
    }
}
