package uk.ilrledger.query.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.LearnerRegistered;

/**
 * A learner's events folded in order, the rules judged after each one that writes the record: which
 * findings each event made appear and which it cleared. Pure: the same events and judge give the
 * same steps.
 */
final class FindingSteps {

    /** What one event changed in the learner's findings. */
    record Step(LoggedEvent event, List<Finding> appeared, List<Finding> cleared) {
    }

    private FindingSteps() {
    }

    /** {@code judge} gives the findings of the record the given events (a prefix of the learner's) make. */
    static List<Step> of(List<LoggedEvent> events, Function<List<LoggedEvent>, List<Finding>> judge) {
        List<Step> steps = new ArrayList<>();
        Map<String, Finding> holding = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            LoggedEvent event = events.get(i);
            if (!(event.event() instanceof LearnerRegistered || event.event() instanceof ApprovedChange)) {
                continue;
            }
            Map<String, Finding> now = new LinkedHashMap<>();
            judge.apply(events.subList(0, i + 1)).forEach(f -> now.putIfAbsent(f.key(), f));
            List<Finding> appeared = now.values().stream().filter(f -> !holding.containsKey(f.key())).toList();
            List<Finding> cleared = holding.values().stream().filter(f -> !now.containsKey(f.key())).toList();
            if (!appeared.isEmpty() || !cleared.isEmpty()) {
                steps.add(new Step(event, appeared, cleared));
            }
            holding.clear();
            holding.putAll(now);
        }
        return steps;
    }

    /** For each finding holding after the last step, by key, the event since which it has held. */
    static Map<String, LoggedEvent> appearedWith(List<Step> steps) {
        Map<String, LoggedEvent> since = new LinkedHashMap<>();
        for (Step step : steps) {
            step.cleared().forEach(f -> since.remove(f.key()));
            step.appeared().forEach(f -> since.put(f.key(), step.event()));
        }
        return since;
    }
}
