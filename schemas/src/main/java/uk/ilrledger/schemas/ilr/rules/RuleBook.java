package uk.ilrledger.schemas.ilr.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE rules the ledger judges a learner by, and how severe each is, per collection year. The
 * DfE revises its rules and their severities every year, so they are data
 * ({@code import-rules/{year}.json}), read once per year through the source given.
 */
public final class RuleBook {

    public record Rule(Severity severity, String description) {
    }

    private final Function<CollectionYear, Map<String, Rule>> source;
    private final Map<CollectionYear, Map<String, Rule>> years = new ConcurrentHashMap<>();

    /** {@code source} gives a year's rules by id, or null when the ledger has none for the year. */
    public RuleBook(Function<CollectionYear, Map<String, Rule>> source) {
        this.source = source;
    }

    /** The rule in the year; a rule the year's list does not name is an error, so nothing is played down. */
    public Rule rule(CollectionYear year, String ruleId) {
        return year(year).getOrDefault(ruleId, new Rule(Severity.error, "not in the " + year + " rules"));
    }

    public Severity severity(CollectionYear year, String ruleId) {
        return rule(year, ruleId).severity();
    }

    private Map<String, Rule> year(CollectionYear year) {
        return years.computeIfAbsent(year, y -> {
            Map<String, Rule> rules = source.apply(y);
            if (rules == null) {
                throw DomainProblem.invalid("year", "the ledger has no DfE rules for collection year " + y);
            }
            return Map.copyOf(rules);
        });
    }
}
