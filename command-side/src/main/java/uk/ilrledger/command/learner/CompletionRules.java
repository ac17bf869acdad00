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
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.ChangeProposal.Completion;

/**
 * Training finished on LearnActEndDate: CompStatus 2 and Outcome 8 (pending) on each aim, except a
 * standard's programme aim, which stays CompStatus 1 with its ACT FAM open until its end-point
 * assessment is recorded (PSM, "Recording apprenticeship outcomes and completion"): CompStatus 2
 * there means training and assessment are both done.
 */
final class CompletionRules implements ChangeTypeRules<Completion> {

    public ChangeType type() {
        return ChangeType.COMPLETION;
    }

    public Class<Completion> proposalType() {
        return Completion.class;
    }

    public void check(IlrLearner record, Completion p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no continuing aim to complete");
        requireContinuing(aims);
        for (int i = 0; i < aims.size(); i++) {
            if (!inTraining(aims.get(i))) {
                throw DomainProblem.rule(CONFLICT, "LDG_TrainingFinished", "aims[" + i + "]", "aim "
                        + aims.get(i).aimSeqNumber() + " finished training on " + aims.get(i).learnActEndDate()
                        + " and awaits its end-point assessment");
            }
        }
        endDate(p.learnActEndDate(), aims, today);
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, Completion p, String approvedBy) {
        List<String> awaiting = r.aims().stream()
                .filter(id -> record.aim(id).filter(aim -> aim.programmeAim() && standard(aim)).isPresent()).toList();
        return new AimCompleted(r.learner(), r.changeId(), r.aims(), p.learnActEndDate(), IlrFold.OUTCOME_PENDING,
                awaiting.isEmpty() ? null : awaiting, r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(Completion p) {
        return new TakesEffect("learnActEndDate", p.learnActEndDate());
    }
}
