package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;

/**
 * A typed ILR event that applies an approved change. Each carries the change it came from, the
 * aims concerned (by SWSupAimId), who raised and who approved it, the reason and the evidence.
 */
public sealed interface ApprovedChange extends LearnerEvent
        permits LearnerWithdrawn, BreakInLearningStarted, LearningRestarted, EmployerChanged,
        PriorLearningRecognised, AimCompleted, EndPointAssessmentRecorded, PriceChanged, ContractTypeChanged,
        LearnerDidNotReturn, AimAdded, AimRemoved,
        LearnerFamsChanged, DeliveryFamsChanged, OutcomeRecorded, AimForceIncluded, RecordCorrected {

    UUID changeId();

    List<String> aims();

    String reason();

    List<EvidenceId> evidence();

    String raisedBy();

    String approvedBy();
}
