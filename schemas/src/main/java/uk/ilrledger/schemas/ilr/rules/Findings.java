package uk.ilrledger.schemas.ilr.rules;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.CollectionYear;

/** Collects a learner's findings in one year, each rule at each place once, the first kept. */
final class Findings {

    private final RuleBook book;
    private final CollectionYear year;
    private final Map<String, Finding> byKey = new LinkedHashMap<>();

    /** {@code book} null: severities are not wanted, and every finding is reported as an error. */
    Findings(RuleBook book, CollectionYear year) {
        this.book = book;
        this.year = year;
    }

    CollectionYear year() {
        return year;
    }

    void learner(String ruleId, String field, String path, String message) {
        add(new Finding(ruleId, severity(ruleId), "Learner", field, path, null, null, message));
    }

    void aim(String ruleId, String entity, String field, String path, LearningDelivery aim, String message) {
        add(new Finding(ruleId, severity(ruleId), entity, field, path, aim.aimSeqNumber(), aim.swSupAimId(),
                message));
    }

    void entity(String ruleId, String entity, String field, String path, String message) {
        add(new Finding(ruleId, severity(ruleId), entity, field, path, null, null, message));
    }

    /** {@code element value} is not in the year's list of {@code listName}; nothing when the year lists none. */
    void code(YearCodes codes, String listName, String entity, String element, String path, LearningDelivery aim,
            Object value) {
        Collection<Object> allowed = codes.codes(year, listName);
        if (value == null || allowed == null || allowed.contains(value)) {
            return;
        }
        String message = element + " " + value + " is not in the " + year + " code list "
                + allowed.stream().sorted(Findings::byCode).map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
        String ruleId = element + "_01";
        if (aim != null) {
            aim(ruleId, entity, element, path, aim, message);
        } else {
            entity(ruleId, entity, element, path, message);
        }
    }

    private Severity severity(String ruleId) {
        return book == null ? Severity.error : book.severity(year, ruleId);
    }

    private void add(Finding finding) {
        byKey.putIfAbsent(finding.key(), finding);
    }

    List<Finding> list() {
        return List.copyOf(byKey.values());
    }

    private static int byCode(Object a, Object b) {
        return a instanceof Integer x && b instanceof Integer y ? x.compareTo(y) : a.toString().compareTo(b.toString());
    }
}
