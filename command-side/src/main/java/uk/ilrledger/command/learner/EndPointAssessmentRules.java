package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.learner.ChangeProposal.EndPointAssessment;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The result of a standard's end-point assessment, pass (Outcome 1) or fail (Outcome 3), on the
 * date the assessment was completed: the programme aim becomes CompStatus 2 with that AchDate
 * (AchDate_12), and its latest ACT FAM ends on it (R121). Training must have finished first
 * (a COMPLETION, which leaves the programme aim CompStatus 1 with its LearnActEndDate).
 */
final class EndPointAssessmentRules implements ChangeTypeRules<EndPointAssessment> {

    private static final int PASSED = 1;
    private static final int FAILED = 3;

    public ChangeType type() {
        return ChangeType.END_POINT_ASSESSMENT;
    }

    public Class<EndPointAssessment> proposalType() {
        return EndPointAssessment.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.programmeAim() && standard(aim) && awaiting(aim);
    }

    /**
     * Training finished, no result yet: CompStatus 1 with a LearnActEndDate, or CompStatus 2 without an
     * AchDate as completions were recorded before the ledger kept a standard open for its assessment.
     */
    private static boolean awaiting(LearningDelivery aim) {
        return aim.learnActEndDate() != null && aim.achDate() == null && (aim.continuing()
                || aim.compStatus() == LearningDelivery.COMP_STATUS_COMPLETED);
    }

    public void check(IlrLearner record, EndPointAssessment p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "no apprenticeship standard is awaiting its end-point assessment");
        if (p.outcome() == null || (p.outcome() != PASSED && p.outcome() != FAILED)) {
            throw DomainProblem.rule(INVALID, "LDG_EndPointAssessmentOutcome", "values.outcome",
                    "an end-point assessment is passed (Outcome 1) or failed (Outcome 3)");
        }
        LocalDate achDate = p.achDate();
        notInFuture(achDate, "values.achDate", "AchDate_07", today);
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (!aim.programmeAim() || !standard(aim)) {
                throw DomainProblem.rule(CONFLICT, "AchDate_09", "aims[" + i + "]", "aim " + aim.aimSeqNumber()
                        + " is not an apprenticeship standard's programme aim: only that has an end-point assessment");
            }
            if (aim.learnActEndDate() == null) {
                throw DomainProblem.rule(CONFLICT, "LDG_TrainingNotFinished", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has no LearnActEndDate: record the COMPLETION of its training first");
            }
            if (!awaiting(aim)) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_01", "aims[" + i + "]", "aim " + aim.aimSeqNumber()
                        + " is not awaiting its end-point assessment (CompStatus " + aim.compStatus()
                        + (aim.achDate() != null ? ", AchDate " + aim.achDate() : "") + ")");
            }
            // The DfE applies AchDate_11 when the training ended in the year the result is returned in.
            if (!aim.learnActEndDate().isBefore(CollectionYear.containing(achDate).firstDay())
                    && achDate.isBefore(aim.learnActEndDate().plusDays(7))) {
                throw DomainProblem.rule(INVALID, "AchDate_11", "values.achDate", "AchDate " + achDate
                        + " must be at least 7 days after LearnActEndDate " + aim.learnActEndDate());
            }
            boolean assessmentPriced = aim.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType())
                    && (price.aFinCode() == 2 || price.aFinCode() == 4));
            if (p.outcome() == PASSED && !assessmentPriced) {
                throw DomainProblem.rule(CONFLICT, "R100", "aims[" + i + "]",
                        "an achieved standard needs an assessment price (TNP2 or TNP4)");
            }
        }
        outGrade(p.outGrade());
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, EndPointAssessment p, String approvedBy) {
        return new EndPointAssessmentRecorded(r.learner(), r.changeId(), r.aims(), p.outcome(), p.achDate(),
                p.outGrade(), r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(EndPointAssessment p) {
        return new TakesEffect("achDate", p.achDate());
    }
}
