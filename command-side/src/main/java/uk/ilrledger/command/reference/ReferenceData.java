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

    /** The codes an element may hold in the year, by the element's API field name. */
    public record CodeLists(Set<Integer> withdrawReason, Set<Integer> compStatus, Set<Integer> outcome,
            Set<String> sex, Set<Integer> ethnicity, Set<Integer> llddHealthProb, Set<Integer> llddCat,
            Set<Integer> primaryLldd, Set<Integer> accom, Set<Integer> empStat, Set<Integer> aimType,
            Set<Integer> fundModel, Map<String, FamCodes> learnerFam, Map<String, FamCodes> learningDeliveryFam) {

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

    private CodeLists load(CollectionYear year) {
        String resource = "reference-data/" + year.code() + ".json";
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
