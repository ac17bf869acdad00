package uk.ilrledger.app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.app.processors.SegmentShares;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.rebuild.ReplayProgress;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * The jar's commands, run against the same store as the service (same configuration), exiting 0
 * on success and non-zero with a message otherwise.
 */
final class CommandLine {

    static final String USAGE = """
            usage: java -jar ilr-ledger.jar [COMMAND]
              (no command)          run the service
              verify [--ukprn U]    check every learner's hash chain against the store and the checkpoints,
                                    without starting the service; exit 1 if any is broken, 2 if it cannot run
              anchor                write a checkpoint of the chain heads now (the service writes one a minute)
              replay [PROJECTION]   rebuild one projection, or all, from the event store, showing progress
              import FILE.xml --ukprn U [--import-id UUID]
                                    record an ILR XML file's learners and aims; its SHA-256 is the evidence
              export --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--out DIR] [--strict]
                                    write the return as an ILR XML file named by the DfE's rules, showing progress;
                                    --strict refuses a return with an error finding
              check --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--strict]
                                    print what the DfE's rules find in the return; exit 1 on an error finding""";

    private CommandLine() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "verify" -> VerifyCommand.verify(options, out, err);
                case "anchor" -> VerifyCommand.anchor(options, out, err);
                case "replay" -> replay(options, out);
                case "export" -> ExportCommand.run(options, out, err);
                case "import" -> ImportCommand.run(options, out, err);
                case "check" -> CheckCommand.run(options, out, err);
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("ilr-ledger: unknown command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (DomainProblem | IllegalArgumentException e) {
            err.println("ilr-ledger " + command + ": " + e.getMessage());
            return 2;
        }
    }

    private static int replay(List<String> options, PrintStream out) {
        List<String> named = options.stream().filter(o -> !o.startsWith("--")).toList();
        try (ConfigurableApplicationContext context = store(options.stream()
                .filter(o -> o.startsWith("--") && o.contains("=")).toList())) {
            ProjectionRebuilder rebuilder = context.getBean(ProjectionRebuilder.class);
            List<String> projections = named.isEmpty() ? rebuilder.names() : named;
            for (String projection : projections) {
                if (!rebuilder.names().contains(projection)) {
                    throw new IllegalArgumentException("no projection '" + projection + "'; there are " + rebuilder.names());
                }
            }
            // As the admin API does: the service's other instances pause these projections' processors and
            // give up their segments, so the swap moves every segment's token; they resume when it is done.
            List<ReplayProgress> done;
            try (SegmentShares.Pause pause = context.getBean(SegmentShares.class).pauseElsewhere(projections)) {
                out.printf("%s: paused on every running instance of the service until rebuilt%n",
                        String.join(", ", projections));
                done = rebuild(rebuilder, projections, out);
            }
            for (ReplayProgress rebuilt : done) {
                out.printf("%s: rebuilt from %d events at %.0f events/s; caught up%n", rebuilt.projection(),
                        rebuilt.eventsDone(), rebuilt.eventsPerSecond());
            }
            return 0;
        }
    }

    /** Every projection named, rebuilt from one read of the store, its progress printed each second. */
    private static List<ReplayProgress> rebuild(ProjectionRebuilder rebuilder, List<String> projections, PrintStream out) {
        long[] lastPrinted = {0};
        return rebuilder.rebuild(projections, progress -> {
            long now = System.currentTimeMillis();
            if (now - lastPrinted[0] >= 1000 && progress.projection().equals(projections.get(0))) {
                lastPrinted[0] = now;
                out.printf("%s: %d of %d events, %.0f/s, %s s left%n", String.join(", ", projections),
                        progress.eventsDone(), progress.eventsTotal(), progress.eventsPerSecond(),
                        progress.secondsLeft() == null ? "?" : progress.secondsLeft());
            }
        });
    }

    /**
     * The application without its web server, for a command: same data source, same configuration,
     * with the command line's {@code --name=value} settings.
     */
    static ConfigurableApplicationContext store(List<String> settings) {
        return new SpringApplicationBuilder(IlrLedgerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("logging.level.root=WARN", "logging.level.uk.ilrledger=WARN")
                .run(settings.toArray(String[]::new));
    }
}
