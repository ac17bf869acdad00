package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * A learner and their aims entered the ledger. Every aim carries its AimSeqNumber and SWSupAimId.
 * {@code evidence} is the imported ILR file a learner came from (its SHA-256); empty when the
 * learner was registered through the API (and then left out of the JSON, as in events recorded
 * before evidence was carried). {@code approvedBy} is the second person who approved the import that
 * registered the learner; null (and left out of the JSON) for a learner registered otherwise.
 */
public record LearnerRegistered(LearnerId learner, IlrLearner record, String registeredBy,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EvidenceId> evidence,
        @JsonInclude(JsonInclude.Include.NON_NULL) String approvedBy)
        implements LearnerEvent {

    public LearnerRegistered {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A learner registered through the API, with no file behind it. */
    public LearnerRegistered(LearnerId learner, IlrLearner record, String registeredBy) {
        this(learner, record, registeredBy, List.of(), null);
    }

    /** A learner registered from a file, before imports needed a second person. */
    public LearnerRegistered(LearnerId learner, IlrLearner record, String registeredBy, List<EvidenceId> evidence) {
        this(learner, record, registeredBy, evidence, null);
    }
}
