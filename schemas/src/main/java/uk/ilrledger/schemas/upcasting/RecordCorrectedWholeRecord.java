package uk.ilrledger.schemas.upcasting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RecordCorrected version 1 held the learner's whole record after the correction; version 2 holds the
 * fields changed. Which fields a version 1 correction changed depends on the record before it, which
 * one event does not hold, so the upcast keeps the whole record under {@code corrected} with no
 * {@code changes}: the fold sets the whole record, as it did, and readers with the learner's earlier
 * events (the effective-date fold) work the changed fields out.
 */
public final class RecordCorrectedWholeRecord implements EventUpcaster {

    @Override
    public String eventType() {
        return "RecordCorrected";
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> event) {
        Map<String, Object> next = new LinkedHashMap<>(event);
        next.put("changes", List.of());
        return next;
    }
}
