package uk.ilrledger.command.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * Code lists per collection year, read from {@code reference-data/{year}.json}. Code lists change
 * every year, so they are data, not code.
 */
public class ReferenceData {

    /**
     * The codes an element may hold in the year, by the element's API field name; the employment
     * status monitorings as the codes each ESMType may hold.
     */
    public record CodeLists(Set<Integer> withdrawReason, Set<Integer> compStatus, Set<Integer> outcome,
            Set<String> sex, Set<Integer> ethnicity, Set<Integer> llddHealthProb, Set<Integer> llddCat,
            Set<Integer> primaryLldd, Set<Integer> accom, Set<Integer> empStat,
            Map<String, Set<Integer>> employmentStatusMonitoring, Set<Integer> aimType, Set<Integer> fundModel,
            Map<String, FamCodes> learnerFam, Map<String, FamCodes> learningDeliveryFam) {

        /** Whether ESMType {@code type} may hold ESMCode {@code code} in the year. */
        public boolean esm(String type, Integer code) {
            return employmentStatusMonitoring != null
                    && employmentStatusMonitoring.getOrDefault(type, Set.of()).contains(code);
        }

        /** A FAM type's codes in the year, by type; none when the year's data does not list FAM types. */
        public Optional<FamCodes> learnerFam(String type) {
            return Optional.ofNullable(learnerFam).map(types -> types.get(type));
        }

        public Optional<FamCodes> learningDeliveryFam(String type) {
            return Optional.ofNullable(learningDeliveryFam).map(types -> types.get(type));
        }
    }

    /**
     * The codes one FAM type may hold, as a list or (for a type with a long and growing list, such as
     * LDM) a pattern, and how many of the type one learner or aim may hold.
     */
    public record FamCodes(Set<String> codes, String pattern, int maxOccurrences) {

        public boolean allows(String code) {
            return codes != null ? codes.contains(code) : code.matches(pattern);
        }
    }

    private final ObjectMapper json;
    private final Map<CollectionYear, CodeLists> years = new ConcurrentHashMap<>();

    public ReferenceData(ObjectMapper json) {
        this.json = json;
    }

    public CodeLists year(CollectionYear year) {
        return years.computeIfAbsent(year, this::load);
    }

    /**
     * The lists of {@code year}, or, before that year's are published, of the latest year before it:
     * a change dated in a year the ledger has no lists for yet is held to the newest it has.
     */
    public CodeLists latestUpTo(CollectionYear year) {
        for (int start = year.startYear(); start >= year.startYear() - 5; start--) {
            CollectionYear candidate = new CollectionYear(start);
            if (ReferenceData.class.getClassLoader().getResource(resource(candidate)) != null) {
                return year(candidate);
            }
        }
        return year(year);
    }

    private static String resource(CollectionYear year) {
        return "reference-data/" + year.code() + ".json";
    }

    private CodeLists load(CollectionYear year) {
        String resource = resource(year);
        try (InputStream in = ReferenceData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw DomainProblem.invalid("effectiveDate", "no reference data for collection year " + year);
            }
            return json.readValue(in, CodeLists.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable reference data " + resource, e);
        }
    }
}
