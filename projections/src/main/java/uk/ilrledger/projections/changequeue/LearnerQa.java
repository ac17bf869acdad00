package uk.ilrledger.projections.changequeue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import uk.ilrledger.schemas.values.QaStatus;

/** A learner's QA status: VERIFIED by whom and when, or PENDING since a later change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LearnerQa(String learnRefNumber, QaStatus qaStatus, String verifiedBy, Instant verifiedAt) {
}
