package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import uk.ilrledger.schemas.ilr.IlrValues;

/**
 * One field a correction changes. {@code entity} is {@code Learner} or {@code LearningDelivery};
 * {@code aim} is the aim's SWSupAimId (the ledger's aim key) for a LearningDelivery field;
 * {@code field} is the field's API name (a group, such as {@code learningDeliveryFams}, is one
 * field holding the whole group). A LearningDelivery change with no {@code field} adds the aim
 * ({@code newValue} is the whole aim) or removes it. Values are plain JSON ({@link IlrValues}): what
 * the field held when the correction was approved, and what it holds after.
 */
public record CorrectedField(
        String entity,
        @JsonInclude(JsonInclude.Include.NON_NULL) String aim,
        @JsonInclude(JsonInclude.Include.NON_NULL) String field,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object oldValue,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object newValue) {

    public static final String LEARNER = "Learner";
    public static final String LEARNING_DELIVERY = "LearningDelivery";

    public CorrectedField {
        if (!LEARNER.equals(entity) && !LEARNING_DELIVERY.equals(entity)) {
            throw new IllegalArgumentException("a correction changes a Learner or a LearningDelivery, not " + entity);
        }
        if (LEARNING_DELIVERY.equals(entity) == (aim == null)) {
            throw new IllegalArgumentException("a LearningDelivery change names its aim, a Learner change none");
        }
        oldValue = IlrValues.plain(oldValue);
        newValue = IlrValues.plain(newValue);
    }

    public static CorrectedField learner(String field, Object oldValue, Object newValue) {
        return new CorrectedField(LEARNER, null, field, oldValue, newValue);
    }

    public static CorrectedField aim(String aim, String field, Object oldValue, Object newValue) {
        return new CorrectedField(LEARNING_DELIVERY, aim, field, oldValue, newValue);
    }
}
