package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * What a raiser proposes to change: the ILR values of one change type. The type name is the API's
 * {@code type} and is kept beside the values in the stored event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChangeProposal.Withdrawal.class, name = "WITHDRAWAL")
})
public sealed interface ChangeProposal {

    ChangeType type();

    /**
     * The learner left: the aims end on LearnActEndDate with CompStatus 3, Outcome 3 and the
     * WithdrawReason code. When {@code learnActEndDate} is omitted the change's effective date is used.
     */
    record Withdrawal(java.time.LocalDate learnActEndDate, Integer withdrawReason) implements ChangeProposal {
        @Override
        public ChangeType type() {
            return ChangeType.WITHDRAWAL;
        }
    }
}
