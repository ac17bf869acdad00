package uk.ilrledger.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.command.learner.ClosedYears;
import uk.ilrledger.command.learner.Corrections;
import uk.ilrledger.command.learner.ImportedChanges;
import uk.ilrledger.command.learner.LearnerCache;
import uk.ilrledger.command.learner.LearnerChecks;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.schemas.ilr.rules.IlrRules;

/** Beans the command handlers take as parameters. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    @Bean
    StrictJson strictJson(ObjectMapper json) {
        return new StrictJson(json);
    }

    @Bean
    ReferenceData referenceData(ObjectMapper json) {
        return new ReferenceData(json);
    }

    /** Strict: a correction's values come from a request and are bound as a request body is. */
    @Bean
    Corrections corrections(StrictJson json) {
        return new Corrections(json.mapper());
    }

    /** The DfE's rules, which the query side judges returns by too. */
    @Bean
    IlrRules ilrRules(ObjectMapper json) {
        return RuleSources.ilrRules(json);
    }

    @Bean
    LearnerChecks learnerChecks(IlrRules rules) {
        return new LearnerChecks(rules);
    }

    @Bean
    ClosedYears closedYears(ObjectMapper json, Environment environment) {
        return new ClosedYears(json, environment);
    }

    @Bean
    ImportedChanges importedChanges(ChangeRules rules, ClosedYears closedYears, Clock clock) {
        return new ImportedChanges(rules, closedYears, clock);
    }

    @Bean
    ChangeRules changeRules(ReferenceData referenceData, Corrections corrections, IlrRules rules) {
        return new ChangeRules(referenceData, corrections, rules);
    }

    /**
     * Learner aggregates kept between commands (decision 35): {@code ilr-ledger.learners.cached} learners
     * at most (10,000), each for {@code ilr-ledger.learners.cache-idle} unused at most (10 minutes).
     */
    @Bean
    LearnerCache learnerCache(Environment environment, DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new LearnerCache(environment.getProperty("ilr-ledger.learners.cached", Integer.class, 10_000),
                environment.getProperty("ilr-ledger.learners.cache-idle", Duration.class, Duration.ofMinutes(10)),
                learner -> {
                    Long last = jdbc.queryForObject(
                            "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                            Long.class, learner.toString());
                    return last == null ? -1 : last;
                });
    }
}
