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
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.learner.ChangeProposal.OutcomeChange;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The outcome of ended aims: Outcome, OutGrade, and an AchDate only where the DfE takes one
 * (AchDate_09). A standard's programme aim gets its result from {@link EndPointAssessmentRules}.
 */
final class OutcomeRules implements ChangeTypeRules<OutcomeChange> {

    private final ReferenceData referenceData;

    OutcomeRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.OUTCOME;
    }

    public Class<OutcomeChange> proposalType() {
        return OutcomeChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.learnActEndDate() != null && !aim.continuing();
    }

    public void check(IlrLearner record, OutcomeChange p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no ended aim to record an outcome for");
        if (p.outcome() == null) {
            throw DomainProblem.invalid("values.outcome", "the Outcome is required");
        }
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.learnActEndDate() == null) {
                throw DomainProblem.rule(CONFLICT, "Outcome_12", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has no LearnActEndDate: an Outcome needs the aim to have ended");
            }
            CollectionYear year = CollectionYear.containing(aim.learnActEndDate());
            if (!referenceData.year(year).outcome().contains(p.outcome())) {
                throw DomainProblem.rule(INVALID, "Outcome_01", "values.outcome",
                        "Outcome " + p.outcome() + " is not in the " + year + " code list");
            }
            if ((aim.compStatus() == LearningDelivery.COMP_STATUS_WITHDRAWN
                    || aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK) && p.outcome() != 2 && p.outcome() != 3) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_06", "values.outcome",
                        "aim " + aim.aimSeqNumber() + " is withdrawn or on a break: its Outcome must be 2 or 3");
            }
            if (aim.programmeAim() && standard(aim) && (aim.continuing()
                    || aim.compStatus() == LearningDelivery.COMP_STATUS_COMPLETED)) {
                throw DomainProblem.rule(CONFLICT, "LDG_UseEndPointAssessment", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " is a standard's programme aim: its result is the end-point "
                                + "assessment's, recorded as an END_POINT_ASSESSMENT change");
            }
            if (p.achDate() != null && !mayHoldAchDate(aim)) {
                throw DomainProblem.rule(INVALID, "AchDate_09", "values.achDate", "aim " + aim.aimSeqNumber()
                        + " cannot hold an AchDate: only a traineeship's or a standard's programme aim has one");
            }
        }
        if (p.achDate() != null) {
            notInFuture(p.achDate(), "values.achDate", "AchDate_07", today);
        }
        outGrade(p.outGrade());
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, OutcomeChange p, String approvedBy) {
        return new OutcomeRecorded(r.learner(), r.changeId(), r.aims(), p.outcome(), p.achDate(), p.outGrade(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
