package uk.ilrledger.query.returns;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * Which of a learner's aims belong in collection year Y's return, and why. The DfE carries nothing
 * between years, so every aim that belongs to Y must be in Y's file. Pure: the same record, the
 * same returned and force-included aims give the same answer.
 */
public final class YearRules {

    private YearRules() {
    }

    /**
     * The included aims of {@code record} (already cut to the return's dates) in record order, each
     * with the first reason that applies. {@code returned} are SWSupAimIds in a submitted return of
     * the year, {@code forced} those force-included into it.
     */
    public static Map<LearningDelivery, InclusionReason> included(IlrLearner record, CollectionYear year,
            Set<String> returned, Set<String> forced) {
        LocalDate first = year.firstDay();
        LocalDate horizon = first.minusYears(2); // C: 1 August two years before the year starts
        Map<LearningDelivery, InclusionReason> reasons = new LinkedHashMap<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            InclusionReason reason = byDates(record, aim, year, horizon, returned);
            if (reason != null) {
                reasons.put(aim, reason);
            }
        }
        // Components follow their programme aim, and a closed programme follows its components. The aim
        // linked to must be in the return for a reason of its own: first the date rules, then a force-include.
        // An aim force-included itself shows as FORCE_INCLUDED (with who and why) rather than as linked to
        // another force-included aim.
        link(record, reasons, Set.copyOf(reasons.keySet()));
        Map<LearningDelivery, InclusionReason> flagged = new LinkedHashMap<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            if (!reasons.containsKey(aim) && forced.contains(aim.swSupAimId())) {
                flagged.put(aim, InclusionReason.FORCE_INCLUDED);
            }
        }
        reasons.putAll(flagged);
        link(record, reasons, flagged.keySet());
        Map<LearningDelivery, InclusionReason> ordered = new LinkedHashMap<>();
        record.learningDeliveries().stream().filter(reasons::containsKey).forEach(a -> ordered.put(a, reasons.get(a)));
        return ordered;
    }

    /** Adds, as LINKED_TO_PROGRAMME, every aim not yet included that is linked to one of {@code anchors}. */
    private static void link(IlrLearner record, Map<LearningDelivery, InclusionReason> reasons,
            Set<LearningDelivery> anchors) {
        Map<LearningDelivery, InclusionReason> linked = new LinkedHashMap<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            if (reasons.containsKey(aim)) {
                continue;
            }
            boolean isLinked = aim.aimType() == 3
                    ? Programmes.programmeOf(record, aim).filter(anchors::contains).isPresent()
                    : aim.programmeAim() && record.learningDeliveries().stream().anyMatch(c -> c.aimType() == 3
                            && anchors.contains(c) && Programmes.programmeOf(record, c).filter(p -> p == aim).isPresent());
            if (isLinked) {
                linked.put(aim, InclusionReason.LINKED_TO_PROGRAMME);
            }
        }
        reasons.putAll(linked);
    }

    private static InclusionReason byDates(IlrLearner record, LearningDelivery aim, CollectionYear year,
            LocalDate horizon, Set<String> returned) {
        LocalDate first = year.firstDay();
        LocalDate end = aim.learnActEndDate();
        boolean plannedInReach = !aim.learnPlanEndDate().isBefore(horizon);
        if (year.contains(aim.learnStartDate())) {
            return InclusionReason.STARTED_IN_YEAR;
        }
        if (aim.learnStartDate().isBefore(first) && aim.continuing() && (end == null || !end.isBefore(first))
                && plannedInReach) {
            return InclusionReason.CONTINUING;
        }
        if (!aim.continuing() && end != null && year.contains(end)) {
            return InclusionReason.ENDED_IN_YEAR;
        }
        if (returned.contains(aim.swSupAimId())) {
            return InclusionReason.ALREADY_RETURNED;
        }
        boolean outcomePending = end != null && end.isBefore(first) && Objects.equals(aim.outcome(), 8) && plannedInReach;
        boolean standardAchievedInYear = aim.fundModel() == 36 && Objects.equals(aim.progType(), 25)
                && aim.achDate() != null && year.contains(aim.achDate());
        if (outcomePending || standardAchievedInYear) {
            return InclusionReason.OUTCOME_PENDING;
        }
        if (aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && plannedInReach
                && !Programmes.restarted(record, aim)) {
            return InclusionReason.BREAK_AWAITING_RESTART;
        }
        return null;
    }

    /** AimSeqNumber 1..n in a stable order (start date, then the ledger's own sequence). */
    public static List<LearningDelivery> renumbered(List<LearningDelivery> aims) {
        List<LearningDelivery> sorted = aims.stream()
                .sorted(Comparator.comparing(LearningDelivery::learnStartDate)
                        .thenComparing(LearningDelivery::aimSeqNumber))
                .toList();
        return java.util.stream.IntStream.range(0, sorted.size())
                .mapToObj(i -> sorted.get(i).withIdentity(i + 1, sorted.get(i).swSupAimId()))
                .toList();
    }
}
