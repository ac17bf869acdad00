package uk.ilrledger.query.returns;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import uk.ilrledger.schemas.ilr.DatedEvent;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.RecordCorrected;
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
     * the year, {@code forced} those force-included into it. {@code atPreviousYearEnd} is the record
     * in effect on 31 July before the year (null when the learner was not yet known then): whether an
     * aim's outcome was pending is judged on the aim as it stood at that year end, so an outcome
     * recorded in August does not make the aim vanish from both years.
     */
    public static Map<LearningDelivery, InclusionReason> included(IlrLearner record, IlrLearner atPreviousYearEnd,
            CollectionYear year, Set<String> returned, Set<String> forced) {
        LocalDate first = year.firstDay();
        LocalDate horizon = first.minusYears(2); // C: 1 August two years before the year starts
        Map<LearningDelivery, InclusionReason> reasons = new LinkedHashMap<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            LearningDelivery atYearEnd = atPreviousYearEnd == null ? null
                    : atPreviousYearEnd.aim(aim.swSupAimId()).orElse(null);
            InclusionReason reason = byDates(aim, atYearEnd, year, horizon, returned);
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

    private static InclusionReason byDates(LearningDelivery aim, LearningDelivery atYearEnd, CollectionYear year,
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
        boolean outcomePending = atYearEnd != null && atYearEnd.learnActEndDate() != null
                && atYearEnd.learnActEndDate().isBefore(first) && Objects.equals(atYearEnd.outcome(), 8) && plannedInReach;
        boolean standardAchievedInYear = aim.fundModel() == 36 && Objects.equals(aim.progType(), 25)
                && aim.achDate() != null && year.contains(aim.achDate());
        if (outcomePending || standardAchievedInYear) {
            return InclusionReason.OUTCOME_PENDING;
        }
        // Whether or not the learner has restarted: in the restart year the file holds the original aim
        // beside the restart aims, so the DfE can reconcile them (migration specification, Appendix B).
        if (aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && plannedInReach) {
            return InclusionReason.BREAK_AWAITING_RESTART;
        }
        return null;
    }

    /** What a change to these fields of an aim is: a status change, which belongs to the year it happens in. */
    private static final Set<String> STATUS = Set.of("compStatus", "learnActEndDate", "withdrawReason");

    /**
     * R13 and R14 finish the year: which aims belong is judged by the year's dates, but their values
     * are everything recorded for them up to the file's preparation date. So to the changes in effect
     * by 31 July this adds those taking effect after it, up to {@code preparationDate}, that finish
     * the year's aims: outcomes and end-point assessment results (an AchDate may fall after 31 July)
     * and corrections. A status change after 31 July (a withdrawal, a break, a completion, a correction
     * of CompStatus or LearnActEndDate, an aim added) belongs to the next year and is left out. {@code events} are a learner's, in store
     * order, with corrections as fields ({@link IlrFold#withCorrectedFields}).
     */
    public static List<DatedEvent> finishingTheYear(List<DatedEvent> events, CollectionYear year,
            LocalDate preparationDate) {
        LocalDate lastDay = year.lastDay();
        List<DatedEvent> finishing = new ArrayList<>();
        for (DatedEvent dated : events) {
            if (dated.inEffectOn(lastDay)) {
                finishing.add(dated);
            } else if (!dated.inEffectOn(preparationDate)) {
                continue;
            } else if (dated.event() instanceof OutcomeRecorded || dated.event() instanceof EndPointAssessmentRecorded) {
                // An end-point assessment passed or failed in August finishes a standard whose training ended
                // in the year: its AchDate may fall after 31 July (domain notes, "The collection year").
                finishing.add(dated);
            } else if (dated.event() instanceof RecordCorrected c) {
                Set<String> statusChanged = new HashSet<>();
                c.changes().stream().filter(f -> f.aim() != null && (f.field() == null || STATUS.contains(f.field())))
                        .forEach(f -> statusChanged.add(f.aim()));
                List<CorrectedField> kept = c.changes().stream()
                        .filter(f -> f.aim() == null || !statusChanged.contains(f.aim())).toList();
                finishing.add(new DatedEvent(dated.effectiveDate(), new RecordCorrected(c.learner(), c.changeId(),
                        c.aims(), kept, c.effectiveDate(), c.reason(), c.evidence(), c.raisedBy(), c.approvedBy())));
            }
        }
        return finishing;
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
