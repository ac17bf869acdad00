package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.AimRemoved;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.RemoveAim;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * Aims recorded in error leave the record. An aim that never was is removed from its start, so the
 * change is dated on the earliest LearnStartDate of the aims it names and no return built after the
 * approval holds them, whatever its period; files already submitted stay as they were sent, and the
 * diff against one shows the aims leaving, caused by the removal. The aims are only ever named,
 * never assumed, and a learner keeps at least one aim.
 */
final class RemoveAimRules implements ChangeTypeRules<RemoveAim> {

    public ChangeType type() {
        return ChangeType.REMOVE_AIM;
    }

    public Class<RemoveAim> proposalType() {
        return RemoveAim.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return false;
    }

    public void check(IlrLearner record, RemoveAim p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (aims.isEmpty()) {
            throw DomainProblem.invalid("aims", "name the aims recorded in error");
        }
        if (aims.size() == record.learningDeliveries().size()) {
            throw DomainProblem.rule(CONFLICT, "LDG_LastAim", "aims",
                    "a learner keeps at least one aim; a learner recorded in error is corrected, not emptied");
        }
        LocalDate start = aims.stream().map(LearningDelivery::learnStartDate).min(LocalDate::compareTo).orElseThrow();
        if (!effectiveDate.equals(start)) {
            throw DomainProblem.rule(INVALID, "LDG_RemovalFromStart", "effectiveDate", "an aim recorded in error"
                    + " is removed from its LearnStartDate " + start + ", so no return holds it; not from " + effectiveDate);
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, RemoveAim p, String approvedBy) {
        List<LearningDelivery> removed = r.aims().stream().map(id -> record.aim(id).orElseThrow()).toList();
        return new AimRemoved(r.learner(), r.changeId(), r.aims(), removed, r.reason(), r.evidence(), r.raisedBy(),
                approvedBy);
    }
}
