package uk.ilrledger.schemas.ilr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Field-by-field differences between two versions of a learner's ILR record. Aims are matched by
 * SWSupAimId; employment statuses by DateEmpStatApp; LearnerHE and LearningDeliveryHE, which occur
 * at most once, with their counterpart; the members of the other groups (FAMs, price records,
 * monitorings, prior attainments, work placements…) by their whole value, so an added or removed
 * one shows as one change per field.
 */
public final class IlrDiff {

    private IlrDiff() {
    }

    public static List<FieldChange> between(IlrLearner before, IlrLearner after) {
        List<FieldChange> changes = new ArrayList<>();
        if (same(before, after)) {
            return changes;
        }
        compare(changes, "Learner", null, null, fields(before, IlrLearner::fields), fields(after, IlrLearner::fields));
        compareGroup(changes, "PriorAttain", null, null, list(before, IlrLearner::priorAttains),
                list(after, IlrLearner::priorAttains), PriorAttain::fields);
        compareGroup(changes, "LLDDandHealthProblem", null, null, list(before, IlrLearner::llddAndHealthProblems),
                list(after, IlrLearner::llddAndHealthProblems), LlddAndHealthProblem::fields);
        compareGroup(changes, "LearnerFAM", null, null, list(before, IlrLearner::learnerFams),
                list(after, IlrLearner::learnerFams), LearnerFam::fields);
        compareGroup(changes, "ProviderSpecLearnerMonitoring", null, null,
                list(before, IlrLearner::providerSpecLearnerMonitorings),
                list(after, IlrLearner::providerSpecLearnerMonitorings), ProviderSpecLearnerMonitoring::fields);
        Map<Object, LearnerEmploymentStatus> statusesBefore =
                index(list(before, IlrLearner::learnerEmploymentStatuses), LearnerEmploymentStatus::dateEmpStatApp);
        Map<Object, LearnerEmploymentStatus> statusesAfter =
                index(list(after, IlrLearner::learnerEmploymentStatuses), LearnerEmploymentStatus::dateEmpStatApp);
        for (Object key : keys(statusesBefore, statusesAfter)) {
            LearnerEmploymentStatus old = statusesBefore.get(key);
            LearnerEmploymentStatus now = statusesAfter.get(key);
            if (same(old, now)) {
                continue;
            }
            compare(changes, "LearnerEmploymentStatus", null, null, fields(old, LearnerEmploymentStatus::fields),
                    fields(now, LearnerEmploymentStatus::fields));
            compareGroup(changes, "EmploymentStatusMonitoring", null, null,
                    list(old, LearnerEmploymentStatus::employmentStatusMonitorings),
                    list(now, LearnerEmploymentStatus::employmentStatusMonitorings),
                    EmploymentStatusMonitoring::fields);
        }
        LearnerHe heBefore = before == null ? null : before.learnerHe();
        LearnerHe heAfter = after == null ? null : after.learnerHe();
        compare(changes, "LearnerHE", null, null, fields(heBefore, LearnerHe::fields),
                fields(heAfter, LearnerHe::fields));
        compareGroup(changes, "LearnerHEFinancialSupport", null, null,
                list(heBefore, LearnerHe::learnerHeFinancialSupports),
                list(heAfter, LearnerHe::learnerHeFinancialSupports), LearnerHeFinancialSupport::fields);
        Map<Object, LearningDelivery> aimsBefore = index(list(before, IlrLearner::learningDeliveries),
                LearningDelivery::swSupAimId);
        Map<Object, LearningDelivery> aimsAfter = index(list(after, IlrLearner::learningDeliveries),
                LearningDelivery::swSupAimId);
        for (Object key : keys(aimsBefore, aimsAfter)) {
            compareAim(changes, (String) key, aimsBefore.get(key), aimsAfter.get(key));
        }
        return changes;
    }

    /** One aim's fields and groups; {@code old} or {@code now} is null when the aim was added or removed. */
    private static void compareAim(List<FieldChange> changes, String id, LearningDelivery old, LearningDelivery now) {
        if (same(old, now)) {
            return;
        }
        Integer seq = now != null ? now.aimSeqNumber() : old.aimSeqNumber();
        compare(changes, "LearningDelivery", id, seq, fields(old, LearningDelivery::fields),
                fields(now, LearningDelivery::fields));
        compareGroup(changes, "LearningDeliveryFAM", id, seq, list(old, LearningDelivery::learningDeliveryFams),
                list(now, LearningDelivery::learningDeliveryFams), LearningDeliveryFam::fields);
        compareGroup(changes, "LearningDeliveryWorkPlacement", id, seq,
                list(old, LearningDelivery::learningDeliveryWorkPlacements),
                list(now, LearningDelivery::learningDeliveryWorkPlacements), LearningDeliveryWorkPlacement::fields);
        compareGroup(changes, "AppFinRecord", id, seq, list(old, LearningDelivery::appFinRecords),
                list(now, LearningDelivery::appFinRecords), AppFinRecord::fields);
        compareGroup(changes, "ProviderSpecDeliveryMonitoring", id, seq,
                list(old, LearningDelivery::providerSpecDeliveryMonitorings),
                list(now, LearningDelivery::providerSpecDeliveryMonitorings), ProviderSpecDeliveryMonitoring::fields);
        compare(changes, "LearningDeliveryHE", id, seq,
                fields(old == null ? null : old.learningDeliveryHe(), LearningDeliveryHe::fields),
                fields(now == null ? null : now.learningDeliveryHe(), LearningDeliveryHe::fields));
    }

    /**
     * Whether two versions are equal, and so have no field that differs: a fold keeps the parts of a record
     * a change does not touch, so they are nearly always the same instances, and their fields are not
     * listed and compared as text.
     */
    private static boolean same(Object before, Object after) {
        return before == after || (before != null && before.equals(after));
    }

    /** The entity's fields, none when it is absent. */
    private static <T> Map<String, Object> fields(T entity, Function<T, Map<String, Object>> fields) {
        return entity == null ? Map.of() : fields.apply(entity);
    }

    /** The parent's children in one group, none when the parent is absent. */
    private static <P, T> List<T> list(P parent, Function<P, List<T>> children) {
        return parent == null ? List.of() : children.apply(parent);
    }

    private static <T> void compareGroup(List<FieldChange> changes, String entity, String aim, Integer seq,
            List<T> before, List<T> after, Function<T, Map<String, Object>> fields) {
        if (same(before, after)) {
            return;
        }
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
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value == null ? null : value.toString();
    }
}
