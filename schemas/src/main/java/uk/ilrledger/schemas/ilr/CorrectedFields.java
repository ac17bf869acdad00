package uk.ilrledger.schemas.ilr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.ilrledger.schemas.learner.CorrectedField;

/**
 * A correction as the fields it changes: worked out by comparing the record before and after, and
 * applied to whatever the record is where the correction takes effect. A field is a Learner or
 * LearningDelivery component by its API name; a group (FAMs, prices, employment statuses…) is one
 * field. The keys, LearnRefNumber and an aim's SWSupAimId, are never a changed field.
 */
public final class CorrectedFields {

    private CorrectedFields() {
    }

    /** The fields that differ from {@code before} to {@code after}, learner fields first, then aims in record order. */
    public static List<CorrectedField> between(IlrLearner before, IlrLearner after) {
        List<CorrectedField> changes = new ArrayList<>();
        Map<String, Object> old = IlrValues.fields(before);
        Map<String, Object> now = IlrValues.fields(after);
        for (String field : now.keySet()) {
            if (!field.equals("learnRefNumber") && !field.equals("learningDeliveries")
                    && !Objects.equals(old.get(field), now.get(field))) {
                changes.add(CorrectedField.learner(field, old.get(field), now.get(field)));
            }
        }
        Map<String, LearningDelivery> held = new LinkedHashMap<>();
        before.learningDeliveries().forEach(aim -> held.put(aim.swSupAimId(), aim));
        for (LearningDelivery aim : after.learningDeliveries()) {
            LearningDelivery was = held.remove(aim.swSupAimId());
            if (was == null) {
                changes.add(CorrectedField.aim(aim.swSupAimId(), null, null, aim));
                continue;
            }
            Map<String, Object> oldAim = IlrValues.fields(was);
            Map<String, Object> newAim = IlrValues.fields(aim);
            for (String field : newAim.keySet()) {
                if (!field.equals("swSupAimId") && !Objects.equals(oldAim.get(field), newAim.get(field))) {
                    changes.add(CorrectedField.aim(aim.swSupAimId(), field, oldAim.get(field), newAim.get(field)));
                }
            }
        }
        held.forEach((id, aim) -> changes.add(CorrectedField.aim(id, null, aim, null)));
        return changes;
    }

    /**
     * {@code record} with each change's new value set. A change to an aim the record does not hold
     * (yet: it is added by a change that takes effect later) is left out, and so is adding an aim
     * the record already holds.
     */
    public static IlrLearner apply(IlrLearner record, List<CorrectedField> changes) {
        IlrLearner result = record;
        for (CorrectedField change : changes) {
            if (CorrectedField.LEARNER.equals(change.entity())) {
                result = IlrValues.with(result, change.field(), change.newValue());
            } else if (change.field() != null) {
                result = result.withAims(List.of(change.aim()),
                        aim -> IlrValues.with(aim, change.field(), change.newValue()));
            } else if (change.newValue() == null) {
                result = result.withLearningDeliveries(result.learningDeliveries().stream()
                        .filter(aim -> !change.aim().equals(aim.swSupAimId())).toList());
            } else if (result.aim(change.aim()).isEmpty()) {
                List<LearningDelivery> aims = new ArrayList<>(result.learningDeliveries());
                aims.add((LearningDelivery) IlrValues.read(LearningDelivery.class, change.newValue()));
                result = result.withLearningDeliveries(aims);
            }
        }
        return result;
    }
}
