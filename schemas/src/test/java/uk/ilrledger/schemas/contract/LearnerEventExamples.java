package uk.ilrledger.schemas.contract;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Uln;

/**
 * Events as the ledger records them, each type at least once with every optional field set and
 * once with the optional fields left out, and every change proposal type once.
 */
final class LearnerEventExamples {

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN 42");
    static final UUID CHANGE = UUID.fromString("3f1c2a9e-5b7d-4e8a-9c0b-1d2e3f4a5b6c");
    static final List<EvidenceId> EVIDENCE = List.of(new EvidenceId("ab".repeat(32)), new EvidenceId("0f".repeat(32)));
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);
    static final String PROGRAMME = "6f1b9c3e-0d2a-4b5c-8e7f-a1b2c3d4e5f6";
    static final String COMPONENT = "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";

    private LearnerEventExamples() {
    }

    static List<LearnerEvent> all() {
        Map<String, Object> correctedLearner = new HashMap<>();
        correctedLearner.put("familyName", "Exampel");
        correctedLearner.put("dateOfBirth", null);
        return List.of(
                new LearnerRegistered(LEARNER, apprentice(), "admin"),
                new LearnerRegistered(LEARNER, minimalLearner(), "admin"),
                raised(new ChangeProposal.Withdrawal(LAST_DAY, 97)),
                raised(new ChangeProposal.Withdrawal(null, null)),
                raised(new ChangeProposal.BreakInLearning(LAST_DAY)),
                raised(new ChangeProposal.Restart(LAST_DAY.plusMonths(3), LAST_DAY.plusMonths(15), 6000, 1000, null)),
                raised(new ChangeProposal.ChangeOfEmployer(LAST_DAY, 123456789, 5000, 800)),
                raised(new ChangeProposal.PriorLearningReduction(7000, 900, START.plusMonths(15), 300, null)),
                raised(new ChangeProposal.Completion(LAST_DAY)),
                raised(new ChangeProposal.OutcomeChange(1, LAST_DAY.plusDays(20), "PASS")),
                raised(new ChangeProposal.ForceInclude("2526")),
                raised(new ChangeProposal.Correction(correctedLearner, Map.of("pHours", 350))),
                raised(new ChangeProposal.Correction(null, null)),
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
                new LearningRestarted(LEARNER, CHANGE, List.of(), List.of(), LAST_DAY.plusMonths(3), null, null, null,
                        null, "Back from the break", List.of(), "raiser", "approver"),
                new EmployerChanged(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, 10, 123456789, 5000, 800,
                        "New employer", EVIDENCE, "raiser", "approver"),
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
                new AimCompleted(LEARNER, CHANGE, List.of(PROGRAMME), LAST_DAY, 8, "Finished", EVIDENCE, "raiser",
                        "approver"),
                new OutcomeRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 1, LAST_DAY.plusDays(20), "DISTINCTION",
                        "EPA result", EVIDENCE, "raiser", "approver"),
                new OutcomeRecorded(LEARNER, CHANGE, List.of(PROGRAMME), 3, null, null, "No achievement", EVIDENCE,
                        "raiser", "approver"),
                new AimForceIncluded(LEARNER, CHANGE, List.of(PROGRAMME), "2526", "Returned before this system",
                        EVIDENCE, "raiser", "approver"),
                new QaVerified(LEARNER, "approver", "Evidence pack complete"),
                new QaVerified(LEARNER, "approver", null),
                new RecordCorrected(LEARNER, CHANGE, List.of(), apprentice(), "Typo in the family name", EVIDENCE,
                        "raiser", "approver"));
    }

    private static ChangeRaised raised(ChangeProposal proposal) {
        return new ChangeRaised(LEARNER, CHANGE, proposal, List.of(PROGRAMME), LAST_DAY, "Learner emailed", EVIDENCE,
                "raiser");
    }

    /** An apprentice with every optional ILR field the ledger keeps set. */
    static IlrLearner apprentice() {
        LearningDeliveryFam act = new LearningDeliveryFam("ACT", "1", START, LAST_DAY);
        LearningDelivery programme = new LearningDelivery("ZPROG001", 1, 1, START, START.minusYears(1),
                START.plusMonths(18), 36, 400, 120, 25, 91, "ZZ99 9ZZ", 100, "EPA0001", 2, LAST_DAY, 97, 1,
                LAST_DAY.plusDays(20), "PASS", PROGRAMME, List.of(act),
                List.of(new AppFinRecord("TNP", 1, START, 9000), new AppFinRecord("TNP", 2, START, 1000)));
        LearningDelivery component = new LearningDelivery("60000001", 3, 2, START, null, START.plusMonths(18), 36,
                null, null, 25, 91, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, COMPONENT, List.of(act),
                List.of());
        return new IlrLearner(LEARNER.learnRefNumber(), new Uln(1000000000L), "Example", "Sam",
                LocalDate.of(2000, 1, 1), 31, "F", 2, "ZZ99 9ZZ", "ZZ99 9ZZ",
                List.of(new LearnerEmploymentStatus(10, START.minusDays(1), 123456789),
                        new LearnerEmploymentStatus(11, START.minusYears(2), null)),
                List.of(programme, component));
    }

    /** A learner with only what the ILR requires. */
    static IlrLearner minimalLearner() {
        LearningDelivery aim = new LearningDelivery("60000001", 4, null, START, null, START.plusMonths(6), 10, null,
                null, null, null, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, null,
                List.of(new LearningDeliveryFam("SOF", "105", null, null)), null);
        return new IlrLearner(new LearnRefNumber("LRN 42"), Uln.NOT_KNOWN, null, null, null, 99, "M", 9,
                "ZZ99 9ZZ", "ZZ99 9ZZ", null, List.of(aim));
    }
}
