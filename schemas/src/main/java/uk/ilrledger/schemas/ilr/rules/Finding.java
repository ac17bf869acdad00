package uk.ilrledger.schemas.ilr.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One DfE rule a learner's record breaks in a collection year.
 *
 * @param entity the ILR entity holding the value (Learner, LearningDelivery, LearningDeliveryFAM, ...)
 * @param field the ILR element at fault
 * @param path where the value sits in the ledger's record ({@code learningDeliveries[1].learnActEndDate})
 * @param aimSeqNumber the aim's AimSeqNumber, for a finding on an aim
 * @param swSupAimId the aim's key in the ledger, for a finding on an aim
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String ruleId, Severity severity, String entity, String field, String path,
        Integer aimSeqNumber, String swSupAimId, String message) {

    /**
     * The same rule broken at the same place: an aim is named by its key, not its place, so a finding
     * compares equal before and after a change that renumbers or reorders the aims.
     */
    @JsonIgnore
    public String key() {
        return ruleId + "|" + (swSupAimId != null ? swSupAimId + "|" + field : path);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.error;
    }
}
