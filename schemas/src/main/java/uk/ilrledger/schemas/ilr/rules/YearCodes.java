package uk.ilrledger.schemas.ilr.rules;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The code lists of each collection year ({@code reference-data/{year}.json}), by the element's
 * field name ({@code withdrawReason}, {@code sex}, ...), read once per year through the source
 * given. A list the year does not give is not checked.
 */
public final class YearCodes {

    private final Function<CollectionYear, Map<String, ?>> source;
    private final Map<CollectionYear, Map<String, Set<Object>>> years = new ConcurrentHashMap<>();

    /**
     * {@code source} gives a year's reference data by field name, or null when the ledger has none for
     * the year; the entries that are lists are the code lists (the others, such as the FAM and
     * employment status monitoring tables, are read where their changes are checked).
     */
    public YearCodes(Function<CollectionYear, Map<String, ?>> source) {
        this.source = source;
    }

    /** The codes {@code field} may hold in {@code year}, or null when the year lists none for it. */
    public Set<Object> codes(CollectionYear year, String field) {
        return years.computeIfAbsent(year, y -> {
            Map<String, ?> lists = source.apply(y);
            if (lists == null) {
                throw DomainProblem.invalid("year", "the ledger has no code lists for collection year " + y);
            }
            return lists.entrySet().stream().filter(e -> e.getValue() instanceof Collection<?>)
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                            e -> Set.<Object>copyOf((Collection<?>) e.getValue())));
        }).get(field);
    }
}
