package uk.ilrledger.schemas.ilr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Field-by-field differences between two versions of a learner's ILR record. Aims are matched by
 * SWSupAimId; employment statuses by DateEmpStatApp; FAMs and price records by their whole value,
 * so an added or removed one shows as one change per field.
 */
public final class IlrDiff {

    private IlrDiff() {
    }

    public static List<FieldChange> between(IlrLearner before, IlrLearner after) {
        List<FieldChange> changes = new ArrayList<>();
        compare(changes, "Learner", null, null,
                before == null ? Map.of() : before.fields(), after == null ? Map.of() : after.fields());
        Map<Object, LearnerEmploymentStatus> statusesBefore =
                index(before == null ? List.of() : before.learnerEmploymentStatuses(), LearnerEmploymentStatus::dateEmpStatApp);
        Map<Object, LearnerEmploymentStatus> statusesAfter =
                index(after == null ? List.of() : after.learnerEmploymentStatuses(), LearnerEmploymentStatus::dateEmpStatApp);
        for (Object key : keys(statusesBefore, statusesAfter)) {
            compare(changes, "LearnerEmploymentStatus", null, null, fields(statusesBefore.get(key)),
                    fields(statusesAfter.get(key)));
        }
        Map<Object, LearningDelivery> aimsBefore =
                index(before == null ? List.of() : before.learningDeliveries(), LearningDelivery::swSupAimId);
        Map<Object, LearningDelivery> aimsAfter =
                index(after == null ? List.of() : after.learningDeliveries(), LearningDelivery::swSupAimId);
        for (Object key : keys(aimsBefore, aimsAfter)) {
            LearningDelivery old = aimsBefore.get(key);
            LearningDelivery now = aimsAfter.get(key);
            Integer seq = now != null ? now.aimSeqNumber() : old.aimSeqNumber();
            String id = (String) key;
            compare(changes, "LearningDelivery", id, seq, old == null ? Map.of() : old.fields(),
                    now == null ? Map.of() : now.fields());
            compareGroup(changes, "LearningDeliveryFAM", id, seq,
                    old == null ? List.of() : old.learningDeliveryFams(),
                    now == null ? List.of() : now.learningDeliveryFams(), LearningDeliveryFam::fields);
            compareGroup(changes, "AppFinRecord", id, seq,
                    old == null ? List.of() : old.appFinRecords(),
                    now == null ? List.of() : now.appFinRecords(), AppFinRecord::fields);
        }
        return changes;
    }

    private static Map<String, Object> fields(LearnerEmploymentStatus status) {
        return status == null ? Map.of() : status.fields();
    }

    private static <T> void compareGroup(List<FieldChange> changes, String entity, String aim, Integer seq,
            List<T> before, List<T> after, Function<T, Map<String, Object>> fields) {
        List<T> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<T> added = new ArrayList<>(after);
        added.removeAll(before);
        // A changed member (e.g. an ACT FAM gaining its DateTo) pairs with its predecessor position-wise.
        int paired = Math.min(removed.size(), added.size());
        for (int i = 0; i < paired; i++) {
            compare(changes, entity, aim, seq, fields.apply(removed.get(i)), fields.apply(added.get(i)));
        }
        for (int i = paired; i < removed.size(); i++) {
            compare(changes, entity, aim, seq, fields.apply(removed.get(i)), Map.of());
        }
        for (int i = paired; i < added.size(); i++) {
            compare(changes, entity, aim, seq, Map.of(), fields.apply(added.get(i)));
        }
    }

    private static void compare(List<FieldChange> changes, String entity, String aim, Integer seq,
            Map<String, Object> before, Map<String, Object> after) {
        for (String field : keys(before, after)) {
            String old = text(before.get(field));
            String now = text(after.get(field));
            if (!Objects.equals(old, now)) {
                changes.add(new FieldChange(entity, aim, seq, field, old, now));
            }
        }
    }

    private static <K> List<K> keys(Map<K, ?> before, Map<K, ?> after) {
        LinkedHashMap<K, Boolean> keys = new LinkedHashMap<>();
        before.keySet().forEach(k -> keys.put(k, true));
        after.keySet().forEach(k -> keys.put(k, true));
        return new ArrayList<>(keys.keySet());
    }

    private static <T> Map<Object, T> index(List<T> items, Function<T, Object> key) {
        Map<Object, T> index = new LinkedHashMap<>();
        items.forEach(item -> index.put(key.apply(item), item));
        return index;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
