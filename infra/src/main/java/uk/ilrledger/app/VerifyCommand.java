package uk.ilrledger.app;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import uk.ilrledger.app.chain.ChainConfiguration;
import uk.ilrledger.app.chain.ChainProperties;
import uk.ilrledger.command.chain.ChainCheckpoints;
import uk.ilrledger.command.chain.ChainKeyring;
import uk.ilrledger.command.chain.ChainVerification;
import uk.ilrledger.command.chain.ChainVerifier;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code verify} and {@code anchor}: they need only the database, the chain key and the checkpoint
 * directory, so they start nothing else (no event processors, no web server, no Kafka, no
 * migrations): a stuck processor cannot hold them up, and a read-only database user can verify.
 * Exit codes: 0 intact (or checkpoint written), 1 a chain or a checkpoint is broken, 2 could not run.
 */
final class VerifyCommand {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int COULD_NOT_RUN = 2;

    /** How often a whole-store pass says how far it has got. */
    static final long PROGRESS_NANOS = 5_000_000_000L;

    private VerifyCommand() {
    }

    static int verify(List<String> options, PrintStream out, PrintStream err) {
        CommandOptions parsed = CommandOptions.parse(options, Set.of("--ukprn"), Set.of(), 0, CommandLine.USAGE);
        String ukprn = parsed.value("--ukprn");
        ChainVerifier.Scope scope = ChainVerifier.Scope.of(ukprn == null ? null : Ukprn.parse(ukprn));
        try (ConfigurableApplicationContext context = store(parsed.settings())) {
            ChainCheckpoints checkpoints = context.getBean(ChainCheckpoints.class);
            long started = System.nanoTime();
            long[] lastProgress = {started};
            ChainVerifier.Summary summary = context.getBean(ChainVerifier.class).verify(scope, (result, learners, events) -> {
                if (!result.intact()) {
                    out.println(broken(result));
                }
                long now = System.nanoTime();
                if (now - lastProgress[0] >= PROGRESS_NANOS) {
                    lastProgress[0] = now;
                    out.printf(Locale.ROOT, "… %,d learners, %,d events checked, %,.0f events/s%n", learners, events,
                            events / ((now - started) / 1e9));
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            summary.problems().forEach(p -> out.println("checkpoints BROKEN: " + p));
            out.printf(Locale.ROOT, "%,d learners checked (%,d events in %.1f s, %,.0f events/s): %,d intact, %,d broken%n",
                    summary.learners(), summary.events(), seconds, summary.events() / Math.max(seconds, 1e-9),
                    summary.learners() - summary.broken(), summary.broken());
            out.println(summary.checkpoints() == 0 ? "no checkpoints in " + checkpoints.directory()
                    + ": truncation of a chain cannot be detected" : summary.checkpoints() + " checkpoints in "
                    + checkpoints.directory());
            return summary.intact() ? INTACT : BROKEN;
        } catch (RuntimeException e) {
            return couldNotRun("verify", e, err);
        }
    }

    static int anchor(List<String> options, PrintStream out, PrintStream err) {
        CommandOptions parsed = CommandOptions.parse(options, Set.of(), Set.of(), 0, CommandLine.USAGE);
        try (ConfigurableApplicationContext context = store(parsed.settings())) {
            ChainCheckpoints checkpoints = context.getBean(ChainCheckpoints.class);
            checkpoints.write().ifPresentOrElse(
                    w -> out.printf(Locale.ROOT, "checkpoint %d written: %,d learners' heads up to store position %d, %s%n",
                            w.number(), w.learners(), w.position(), w.file()),
                    () -> out.println("no checkpoint written: nothing was appended since the last one in "
                            + checkpoints.directory()));
            return INTACT;
        } catch (RuntimeException e) {
            return couldNotRun("anchor", e, err);
        }
    }

    private static String broken(ChainVerification result) {
        ChainVerification.BrokenEvent at = result.firstBrokenEvent();
        return String.format(Locale.ROOT, "%-24s BROKEN at event %d (%s): %s", result.learner(), at.sequenceNumber(),
                at.eventType() == null ? "gone" : at.eventType() + ", " + at.eventIdentifier(), at.problem());
    }

    private static int couldNotRun(String command, RuntimeException e, PrintStream err) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String what = e instanceof DataAccessException || cause instanceof java.sql.SQLException
                ? "cannot read the store" : e instanceof BeanCreationException ? "cannot start" : "failed";
        err.println("ilr-ledger " + command + ": " + what + ": " + cause.getMessage());
        return COULD_NOT_RUN;
    }

    /** The database (embedded or configured), the chain key and the checkpoints: nothing else. */
    private static ConfigurableApplicationContext store(List<String> settings) {
        return new SpringApplicationBuilder(StoreOnly.class)
                .web(WebApplicationType.NONE)
                .properties("logging.level.root=WARN", "logging.level.uk.ilrledger=WARN",
                        // A failed start is reported in one line with exit code 2, not as a stack trace.
                        "logging.level.org.springframework.boot.SpringApplication=OFF",
                        "logging.level.org.springframework.context=ERROR",
                        // An unreachable database is reported in seconds, not after Hikari's 30 s default.
                        "spring.datasource.hikari.connection-timeout=5000")
                .run(settings.toArray(String[]::new));
    }

    /** Deliberately not a {@code @Configuration}: the service's component scan must not pick it up. */
    @ImportAutoConfiguration(DataSourceAutoConfiguration.class)
    @EnableConfigurationProperties(ChainProperties.class)
    @Import({EmbeddedDefaults.EmbeddedPostgres.class, ChainVerifier.class})
    static class StoreOnly {

        @Bean
        ChainKeyring chainKeyring(ChainProperties properties, Environment environment) {
            return ChainConfiguration.keyring(properties, environment, false);
        }

        @Bean
        ChainCheckpoints chainCheckpoints(DataSource dataSource, ChainKeyring keys, ChainProperties properties,
                Environment environment) {
            return new ChainCheckpoints(dataSource, keys, ChainConfiguration.anchorDirectory(properties, environment),
                    Clock.systemUTC());
        }
    }
}
