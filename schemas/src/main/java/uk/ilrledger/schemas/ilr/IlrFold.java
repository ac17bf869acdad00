package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;

/**
 * The one pure fold from a learner's events to their ILR record. The aggregate, every projection
 * and every point-in-time read use this function, so they cannot disagree.
 */
public final class IlrFold {

    private IlrFold() {
    }

    /** The record after {@code event}; {@code state} is null before the learner is registered. */
    public static IlrLearner apply(IlrLearner state, LearnerEvent event) {
        if (event instanceof LearnerRegistered registered) {
            return registered.record();
        }
        if (event instanceof ChangeRaised || event instanceof ChangeApproved || event instanceof ChangeRejected) {
            return state; // workflow facts: the ILR changes only with the typed event that follows approval
        }
        if (event instanceof LearnerWithdrawn withdrawn) {
            return state.withAims(withdrawn.aims(), aim -> aim.withEnd(
                    LearningDelivery.COMP_STATUS_WITHDRAWN,
                    withdrawn.learnActEndDate(),
                    withdrawn.withdrawReason(),
                    LearningDelivery.OUTCOME_NO_ACHIEVEMENT,
                    closeOpenAct(aim, withdrawn.learnActEndDate())));
        }
        throw new IllegalArgumentException("no fold for " + event.getClass().getName());
    }

    public static IlrLearner replay(List<? extends LearnerEvent> events) {
        IlrLearner state = null;
        for (LearnerEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    /** On a standard's withdrawal or break the latest ACT FAM ends on LearnActEndDate (DfE rule R122). */
    static List<LearningDeliveryFam> closeOpenAct(LearningDelivery aim, LocalDate end) {
        List<LearningDeliveryFam> fams = new ArrayList<>(aim.learningDeliveryFams());
        for (int i = fams.size() - 1; i >= 0; i--) {
            LearningDeliveryFam fam = fams.get(i);
            if ("ACT".equals(fam.learnDelFAMType()) && fam.learnDelFAMDateTo() == null) {
                fams.set(i, fam.withDateTo(end));
                break;
            }
        }
        return fams;
    }
}
