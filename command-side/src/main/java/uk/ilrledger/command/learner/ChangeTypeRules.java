package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * Everything the ledger knows about one change type: which aims it concerns by default, the DfE
 * rules its request must satisfy against the learner's record, the date it takes effect on, and
 * the typed ILR event it records on approval. One implementation per type, registered in
 * {@code ChangeRules.registered}; a type without one cannot be raised.
 */
public interface ChangeTypeRules<P extends ChangeProposal> {

    ChangeType type();

    Class<P> proposalType();

    /** Whether {@code aim} is one the change concerns when the raiser names none. */
    default boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return RuleChecks.inTraining(aim);
    }

    /**
     * Refuses the proposal with a {@link uk.ilrledger.schemas.problems.DomainProblem}: INVALID for a
     * fault in the request, CONFLICT for one with the learner's current state.
     */
    void check(IlrLearner record, P proposal, List<LearningDelivery> aims, LocalDate effectiveDate, LocalDate today);

    /**
     * The typed ILR event approving {@code raised} records against {@code record}; values that follow
     * from the change are worked out here, from the record as it is at approval.
     */
    ApprovedChange applied(IlrLearner record, ChangeRaised raised, P proposal, String approvedBy);

    /**
     * The proposal's own field that dates the change, or null when it has none: it must equal the
     * change's effectiveDate, since the event log dates the change by one and the ILR by the other.
     */
    default TakesEffect takesEffect(P proposal) {
        return null;
    }

    /** A proposal's dating field and its date when given. */
    record TakesEffect(String field, LocalDate date) {
    }
}
