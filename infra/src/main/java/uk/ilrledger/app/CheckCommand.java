package uk.ilrledger.app;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
            try (ConfigurableApplicationContext context = store(arguments.springArguments())) {
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
        String ukprn = null;
        String year = null;
        String period = null;
        String asOf = null;
        boolean strict = false;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--strict")) {
                strict = true;
                continue;
            }
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            String value;
            if (option.contains("=")) {
                value = option.substring(option.indexOf('=') + 1);
            } else if (List.of("--ukprn", "--year", "--period", "--as-of").contains(option)) {
                if (i + 1 == options.size()) {
                    throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                }
                value = options.get(++i);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + option + "'\n" + USAGE);
            }
            switch (name) {
                case "--ukprn" -> ukprn = value;
                case "--year" -> year = value;
                case "--period" -> period = value;
                case "--as-of" -> asOf = value;
                default -> {
                    if (!name.startsWith("--")) {
                        throw new IllegalArgumentException("unexpected argument '" + option + "'\n" + USAGE);
                    }
                    spring.add(option);
                }
            }
        }
        if (ukprn == null || year == null || period == null) {
            throw new IllegalArgumentException("--ukprn, --year and --period are required\n" + USAGE);
        }
        Instant instant = null;
        if (asOf != null) {
            try {
                instant = Instant.parse(asOf);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--as-of is an instant such as 2026-10-20T17:00:00Z, was '" + asOf + "'");
            }
        }
        return new Arguments(Ukprn.parse(ukprn), CollectionYear.parse(year), ReturnPeriod.parse(period), instant, strict,
                spring);
    }

    /** The application without its web server, as the other commands run it. */
    private static ConfigurableApplicationContext store(List<String> springArguments) {
        return new SpringApplicationBuilder(IlrLedgerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("logging.level.root=WARN", "logging.level.uk.ilrledger=WARN")
                .run(springArguments.toArray(String[]::new));
    }
}
