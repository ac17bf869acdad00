package uk.ilrledger.command.reference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.ilr.rules.RuleBook;
import uk.ilrledger.schemas.ilr.rules.YearCodes;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE's rules as the ledger ships them: each year's rule list ({@code import-rules/{year}.json})
 * and code lists ({@code reference-data/{year}.json}) read from the classpath.
 */
public final class RuleSources {

    private RuleSources() {
    }

    public static IlrRules ilrRules(ObjectMapper json) {
        return new IlrRules(
                new RuleBook(year -> read(json, "import-rules/", year, new TypeReference<Map<String, RuleBook.Rule>>() {
                })),
                new YearCodes(year -> read(json, "reference-data/", year, new TypeReference<Map<String, Object>>() {
                })));
    }

    private static <T> T read(ObjectMapper json, String folder, CollectionYear year, TypeReference<T> type) {
        String resource = folder + year.code() + ".json";
        try (InputStream in = RuleSources.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + resource, e);
        }
    }
}
