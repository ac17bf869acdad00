package uk.ilrledger.app;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.findings.LedgerFinding;
import uk.ilrledger.query.findings.LedgerFindings;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code check --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--strict]}: runs the year's DfE
 * rules over the return as {@code export} would write it and prints each finding (learner, line where
 * an import brought it in, rule, severity, field, message) and a summary. For CI: exit 0 when the
 * return holds no error finding (with {@code --strict}, no finding at all), 1 when it does, 2 when the
 * check could not run (bad arguments, unknown year, projections behind or failing).
 */
public final class CheckCommand {

    static final String USAGE = """
            usage: java -jar ilr-ledger.jar check --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--strict]
              prints what the DfE's rules find in the R-return; exit 0 none (or only warnings), 1 errors, 2 could not run
              --as-of   the return as known at this instant (ISO-8601, e.g. 2026-10-20T17:00:00Z); default now
              --strict  a warning fails the check too""";

    /** Longer than the API's wait: the command's own processors may be starting as it runs. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private CheckCommand() {
    }

    private record Arguments(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf, boolean strict,
            List<String> springArguments) {
    }

    /** Runs {@code check} with the options that follow the word; {@code --name=value} options configure the store. */
    public static int run(List<String> options, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = parse(options);
            try (ConfigurableApplicationContext context = CommandLine.store(arguments.springArguments())) {
                long storePosition = context.getBean(ProcessorsCaughtUp.class).await(ReturnSnapshots.SOURCES, WAIT,
                        behind -> { });
                LedgerFindings.ReturnReport report = context.getBean(LedgerFindings.class).ofReturn(arguments.ukprn(),
                        arguments.year(), arguments.period(), arguments.asOf(), storePosition);
                for (LedgerFinding finding : report.findings()) {
                    out.println(line(finding));
                }
                out.printf("%s %s return of UKPRN %s (%d learners, store position %d, prepared %s): %s%n",
                        report.year(), report.period(), report.ukprn(), report.learners(), report.position(),
                        report.preparationDate(), report.counts().summary());
                boolean failed = report.errors() > 0 || arguments.strict() && report.warnings() > 0;
                return failed ? 1 : 0;
            }
        } catch (DomainProblem | IllegalArgumentException e) {
            err.println("ilr-ledger check: " + e.getMessage());
            return 2;
        } catch (ProcessorsBehind e) {
            err.println("ilr-ledger check: the return would miss recorded changes: " + e.getMessage());
            e.lags().stream().filter(lag -> lag.failure() != null).forEach(lag ->
                    err.println("  " + lag.processor() + " error: " + lag.failure().error()));
            return 2;
        }
    }

    /** {@code G3 line 12 ULN_04 error Learner.ULN: Learner G3 (line 12): ULN ... fails its check digit}. */
    static String line(LedgerFinding finding) {
        return finding.learnRefNumber() + " line " + (finding.line() == null ? "-" : finding.line()) + " "
                + finding.ruleId() + " " + finding.severity() + " " + finding.entity() + "." + finding.field() + ": "
                + finding.message();
    }

    private static Arguments parse(List<String> options) {
        CommandOptions parsed = CommandOptions.parse(options, Set.of("--ukprn", "--year", "--period", "--as-of"),
                Set.of("--strict"), 0, USAGE);
        parsed.require("--ukprn, --year and --period are required", "--ukprn", "--year", "--period");
        return new Arguments(Ukprn.parse(parsed.value("--ukprn")), CollectionYear.parse(parsed.value("--year")),
                ReturnPeriod.parse(parsed.value("--period")), parsed.instant("--as-of"), parsed.flag("--strict"),
                parsed.settings());
    }
}
