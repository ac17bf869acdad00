package uk.ilrledger.schemas.ilr;

/**
 * One ILR field that differs between two versions of a learner. {@code entity} is the ILR entity
 * (Learner, LearningDelivery, LearnerEmploymentStatus, LearningDeliveryFAM, AppFinRecord);
 * for an aim's fields {@code swSupAimId} and {@code aimSeqNumber} say which aim. Values are the
 * ILR text form, null when absent.
 */
public record FieldChange(
        String entity,
        String swSupAimId,
        Integer aimSeqNumber,
        String field,
        String oldValue,
        String newValue) {
}
