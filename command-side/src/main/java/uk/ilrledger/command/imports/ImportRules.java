package uk.ilrledger.command.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE rules an import reports as findings, and how severe each is, per collection year, read
 * from {@code import-rules/{year}.json}. The DfE revises its rules and their severities every year,
 * so they are data, not code.
 */
@Component
public class ImportRules {

    /** How much a finding matters: an error the DfE would reject the learner for, or a warning. */
    public enum Severity {
        error, warning
    }

    public record Rule(Severity severity, String description) {
    }

    private final ObjectMapper json;
    private final Map<CollectionYear, Map<String, Rule>> years = new ConcurrentHashMap<>();

    public ImportRules(ObjectMapper json) {
        this.json = json;
    }

    /** The rule in the year; a rule the year's file does not list is an error, so nothing is played down. */
    public Rule rule(CollectionYear year, String ruleId) {
        return years.computeIfAbsent(year, this::load).getOrDefault(ruleId,
                new Rule(Severity.error, "not in the " + year + " rules"));
    }

    private Map<String, Rule> load(CollectionYear year) {
        String resource = "import-rules/" + year.code() + ".json";
        try (InputStream in = ImportRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no import rules for collection year " + year + " (" + resource + ")");
            }
            return Map.copyOf(json.readValue(in, new TypeReference<Map<String, Rule>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable import rules " + resource, e);
        }
    }
}
