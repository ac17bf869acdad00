package uk.ilrledger.query.returns;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.query.returns.ReturnDiff.Cause;
import uk.ilrledger.query.returns.ReturnDiff.Difference;
import uk.ilrledger.schemas.ilr.FieldChange;
import uk.ilrledger.schemas.ilr.IlrDiff;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Compares two returns of a provider. An event is in a return's view when it was recorded at or
 * below the return's store position and takes effect on or before its cut-off date; the events in
 * exactly one of the two views are the ones that can explain a difference, and each difference
 * cites those among them that changed that very field (or, for an aim coming or going, that aim).
 */
@Component
public class ReturnDiffs {

    private final LearnerEventLog log;

    public ReturnDiffs(LearnerEventLog log) {
        this.log = log;
    }

    public ReturnDiff between(ReturnSnapshot from, ReturnSnapshot to) {
        return of(from, to, differing(from, to));
    }

    /**
     * The LearnRefNumbers of the learners the two returns hold differently, in order: only their
     * events can explain a difference, and only they have one. Compares the returns' own learners
     * and reads nothing.
     */
    public List<String> differing(ReturnSnapshot from, ReturnSnapshot to) {
        Map<String, ReturnSnapshot.Learner> before = byRef(from);
        Map<String, ReturnSnapshot.Learner> after = byRef(to);
        Set<String> refs = new TreeSet<>(before.keySet());
        refs.addAll(after.keySet());
        refs.removeIf(ref -> same(before.get(ref), after.get(ref)));
        return List.copyOf(refs);
    }

    /**
     * The differences of the given learners only (some of those {@link #differing} names), with the
     * events behind each: the events of no other learner are read.
     */
    public ReturnDiff of(ReturnSnapshot from, ReturnSnapshot to, List<String> refs) {
        Ukprn ukprn = new Ukprn(from.ukprn());
        LocalDate fromCut = ReturnSnapshots.cut(CollectionYear.parse(from.year()), ReturnPeriod.parse(from.period()),
                from.preparationDate());
        LocalDate toCut = ReturnSnapshots.cut(CollectionYear.parse(to.year()), ReturnPeriod.parse(to.period()),
                to.preparationDate());
        Map<String, ReturnSnapshot.Learner> before = byRef(from, refs);
        Map<String, ReturnSnapshot.Learner> after = byRef(to, refs);
        Map<String, List<LoggedEvent>> events = refs.isEmpty() ? Map.of() : ReturnSnapshots.byLearner(
                log.learners(ukprn, new TreeSet<>(refs), Math.max(from.position(), to.position())));

        List<Difference> differences = new ArrayList<>();
        for (String ref : refs) {
            Map<LoggedEvent, List<FieldChange>> touched = touched(events.getOrDefault(ref, List.of()),
                    e -> inView(e, from.position(), fromCut) != inView(e, to.position(), toCut));
            ReturnSnapshot.Learner a = before.get(ref);
            ReturnSnapshot.Learner b = after.get(ref);
            for (FieldChange change : IlrDiff.between(a == null ? null : a.learner(), b == null ? null : b.learner())) {
                differences.add(new Difference(ref, change.entity(), change.swSupAimId(), change.aimSeqNumber(),
                        change.field(), change.oldValue(), change.newValue(), causes(touched, change)));
            }
            Map<String, String> reasonsBefore = reasons(a);
            Map<String, String> reasonsAfter = reasons(b);
            Set<String> aims = new TreeSet<>(reasonsBefore.keySet());
            aims.addAll(reasonsAfter.keySet());
            for (String aim : aims) {
                if (!Objects.equals(reasonsBefore.get(aim), reasonsAfter.get(aim))) {
                    FieldChange change = new FieldChange("Inclusion", aim, null, "inclusionReason",
                            reasonsBefore.get(aim), reasonsAfter.get(aim));
                    differences.add(new Difference(ref, change.entity(), aim, null, change.field(), change.oldValue(),
                            change.newValue(), causes(touched, change)));
                }
            }
        }
        return new ReturnDiff(from.period() + "@" + from.position(), to.period() + "@" + to.position(), from.sha256(),
                to.sha256(), differences);
    }

    private static boolean same(ReturnSnapshot.Learner a, ReturnSnapshot.Learner b) {
        return a != null && b != null && a.learner().equals(b.learner()) && a.inclusions().equals(b.inclusions());
    }

    private static boolean inView(LoggedEvent event, long position, LocalDate cut) {
        return event.globalIndex() <= position && ReturnSnapshots.inView(event, cut);
    }

    /** For each event only one side saw, the ILR fields it changed when folded in store order. */
    private static Map<LoggedEvent, List<FieldChange>> touched(List<LoggedEvent> all,
            java.util.function.Predicate<LoggedEvent> oneSideOnly) {
        Map<LoggedEvent, List<FieldChange>> touched = new LinkedHashMap<>();
        IlrLearner state = null;
        for (LoggedEvent event : all) {
            IlrLearner next = IlrFold.apply(state, event.event());
            if (oneSideOnly.test(event)) {
                touched.put(event, IlrDiff.between(state, next));
            }
            state = next;
        }
        return touched;
    }

    /**
     * The events that changed this field of this aim; else those that touched the aim at all (an aim
     * coming into or leaving the return, a renumbering); else every event only one side saw.
     */
    private static List<Cause> causes(Map<LoggedEvent, List<FieldChange>> touched, FieldChange change) {
        List<LoggedEvent> exact = touched.entrySet().stream()
                .filter(t -> t.getValue().stream().anyMatch(c -> Objects.equals(c.entity(), change.entity())
                        && Objects.equals(c.swSupAimId(), change.swSupAimId()) && c.field().equals(change.field())))
                .map(Map.Entry::getKey).toList();
        List<LoggedEvent> chosen = exact;
        if (chosen.isEmpty() && change.swSupAimId() != null) {
            chosen = touched.entrySet().stream()
                    .filter(t -> t.getValue().stream().anyMatch(c -> change.swSupAimId().equals(c.swSupAimId()))
                            || t.getKey().event() instanceof uk.ilrledger.schemas.learner.ApprovedChange applied
                            && applied.aims().contains(change.swSupAimId()))
                    .map(Map.Entry::getKey).toList();
        }
        if (chosen.isEmpty()) {
            chosen = new ArrayList<>(touched.keySet());
        }
        return chosen.stream().map(e -> new Cause(e.globalIndex(), e.eventIdentifier(),
                e.event().getClass().getSimpleName(), e.changeId(), e.recordedAt(), e.effectiveDate())).toList();
    }

    private static Map<String, ReturnSnapshot.Learner> byRef(ReturnSnapshot snapshot) {
        Map<String, ReturnSnapshot.Learner> byRef = new HashMap<>();
        snapshot.learners().forEach(l -> byRef.put(l.learner().learnRefNumber().value(), l));
        return byRef;
    }

    private static Map<String, ReturnSnapshot.Learner> byRef(ReturnSnapshot snapshot, List<String> refs) {
        Set<String> wanted = Set.copyOf(refs);
        Map<String, ReturnSnapshot.Learner> byRef = new HashMap<>();
        snapshot.learners().stream().filter(l -> wanted.contains(l.learner().learnRefNumber().value()))
                .forEach(l -> byRef.put(l.learner().learnRefNumber().value(), l));
        return byRef;
    }

    private static Map<String, String> reasons(ReturnSnapshot.Learner learner) {
        return learner == null ? Map.of() : learner.inclusions().stream()
                .collect(Collectors.toMap(ReturnSnapshot.Inclusion::swSupAimId, i -> i.inclusionReason().name()));
    }
}
