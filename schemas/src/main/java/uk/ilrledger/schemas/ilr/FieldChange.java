package uk.ilrledger.schemas.ilr;

/**
 * One ILR field that differs between two versions of a learner. {@code entity} is the ILR entity
 * by its schema name (Learner, PriorAttain, LearnerEmploymentStatus, LearnerHE, LearningDelivery,
 * LearningDeliveryFAM, AppFinRecord, LearningDeliveryHE, …); for the fields of an aim and its
 * groups {@code swSupAimId} and {@code aimSeqNumber} say which aim. Values are the ILR text form,
 * null when absent.
 */
public record FieldChange(
        String entity,
        String swSupAimId,
        Integer aimSeqNumber,
        String field,
        String oldValue,
        String newValue) {
}
