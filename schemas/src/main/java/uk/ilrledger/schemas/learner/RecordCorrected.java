package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Fields corrected, with a reason: {@code changes} names each field the correction changes, and the
 * fold sets only those, over the record as it is at {@code effectiveDate} (null: in effect from the
 * start, like the registration). {@code corrected} is set only on corrections recorded before version
 * 2 of this event, which held the learner's whole record after the correction instead of changes.
 */
public record RecordCorrected(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<CorrectedField> changes,
        @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate effectiveDate,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) IlrLearner corrected) implements ApprovedChange {

    public RecordCorrected {
        aims = List.copyOf(aims);
        changes = changes == null ? List.of() : List.copyOf(changes);
        evidence = List.copyOf(evidence);
    }

    public RecordCorrected(LearnerId learner, UUID changeId, List<String> aims, List<CorrectedField> changes,
            LocalDate effectiveDate, String reason, List<EvidenceId> evidence, String raisedBy, String approvedBy) {
        this(learner, changeId, aims, changes, effectiveDate, reason, evidence, raisedBy, approvedBy, null);
    }

    /** A correction stored in the version 1 shape: the whole record, not the fields changed. */
    public boolean wholeRecord() {
        return corrected != null;
    }
}
