package uk.ilrledger.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.export.IlrExports;
import uk.ilrledger.query.export.IlrExports.PreparedExport;
import uk.ilrledger.query.findings.FindingsRefuseExport;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code export --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--out DIR] [--strict]}: writes the
 * return as the ILR XML file the DfE expects, named by its rules, into DIR (default: the working
 * directory), and says how many of the DfE's rules it breaks; {@code --strict} refuses (exit 2, every
 * finding listed) a return with an error finding.
 * The file appears whole or not at all: it is written to a temporary file beside it, forced to disk,
 * then renamed. Exit 0 when written, 2 when refused (bad arguments, empty return, values the schema
 * refuses, all listed), 1 when the file could not be written or the projections did not catch up.
 */
public final class ExportCommand {

    static final String USAGE = """
            usage: java -jar ilr-ledger.jar export --ukprn U --year 2526 --period R14 [--as-of INSTANT] [--out DIR] [--strict]
              writes the R-return as an ILR XML file named ILR-{UKPRN}-{YEAR}-{yyyyMMdd}-{HHmmss}-{NN}.xml
              --as-of   the return as known at this instant (ISO-8601, e.g. 2026-10-20T17:00:00Z); default now
              --out     the directory to write to; default the working directory
              --strict  refuse a return that breaks a DfE rule of severity error""";

    /** Longer than the API's wait: the command's own processors may be starting as it runs. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private ExportCommand() {
    }

    private record Arguments(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf, Path out,
            boolean strict, List<String> springArguments) {
    }

    /** Runs {@code export} with the options that follow the word; {@code --name=value} options configure the store. */
    public static int run(List<String> options, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = parse(options);
            try (ConfigurableApplicationContext context = CommandLine.store(arguments.springArguments())) {
                long storePosition = awaitProjections(context, out);
                out.printf("the projections have read the event store up to position %d%n", storePosition);
                PreparedExport export = context.getBean(IlrExports.class).prepare(arguments.ukprn(), arguments.year(),
                        arguments.period(), arguments.asOf(), "command line (" + System.getProperty("user.name") + ")",
                        arguments.strict());
                out.printf("exporting %d learners of UKPRN %s, %s %s, as %s%n", export.learners(), arguments.ukprn(),
                        arguments.year(), arguments.period(), export.fileName());
                Path file = write(export, arguments.out(), out);
                out.printf("wrote %s (%d learners, %d bytes, store position %d)%n", file, export.learners(),
                        Files.size(file), export.storePosition());
                out.printf("findings: %s (java -jar ilr-ledger.jar check lists them)%n", export.findings().summary());
                return 0;
            }
        } catch (FindingsRefuseExport e) {
            e.report().findings().forEach(finding -> err.println("  " + CheckCommand.line(finding)));
            err.println("ilr-ledger export: " + e.getMessage());
            return 2;
        } catch (DomainProblem | IllegalArgumentException e) {
            err.println("ilr-ledger export: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ilr-ledger export: the file could not be written: " + e);
            return 1;
        } catch (ProcessorsBehind e) {
            err.println("ilr-ledger export: the return would miss recorded changes: " + e.getMessage());
            // Whoever runs the command has the store's credentials: the error itself is theirs to see.
            e.lags().stream().filter(lag -> lag.failure() != null).forEach(lag ->
                    err.println("  " + lag.processor() + " error: " + lag.failure().error()));
            return 1;
        }
    }

    private static Arguments parse(List<String> options) {
        CommandOptions parsed = CommandOptions.parse(options,
                Set.of("--ukprn", "--year", "--period", "--as-of", "--out"), Set.of("--strict"), 0, USAGE);
        parsed.require("--ukprn, --year and --period are required", "--ukprn", "--year", "--period");
        Instant asOf = parsed.instant("--as-of");
        Path directory = Path.of(parsed.value("--out", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IllegalArgumentException("--out " + directory + " is not a directory this user can write to");
        }
        return new Arguments(Ukprn.parse(parsed.value("--ukprn")), CollectionYear.parse(parsed.value("--year")),
                ReturnPeriod.parse(parsed.value("--period")), asOf, directory, parsed.flag("--strict"),
                parsed.settings());
    }

    /** Temporary file, forced to disk, then renamed: a reader never sees half a file. */
    private static Path write(PreparedExport export, Path directory, PrintStream out) throws IOException {
        Path target = directory.resolve(export.fileName());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        // Created readable by this user only, as the file holds personal data; the rename keeps that.
        Path temporary = Files.createTempFile(directory, "." + export.fileName() + ".", ".part");
        try {
            long[] lastShown = {System.nanoTime()};
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                export.writeTo(stream, written -> {
                    long now = System.nanoTime();
                    if (now - lastShown[0] >= PROGRESS_EVERY.toNanos() || written == export.learners()) {
                        lastShown[0] = now;
                        out.printf("%d of %d learners written%n", written, export.learners());
                    }
                });
                stream.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename files atomically in " + directory, e);
            }
            return target;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A return read from projections that have not yet caught up would silently miss the latest
     * changes, so the export waits, the same way the API does, until they have read the event store up
     * to its head as it was when the command started; a processor stuck on a failure ends the wait.
     */
    private static long awaitProjections(ConfigurableApplicationContext context, PrintStream out) {
        long[] lastShown = {System.nanoTime()};
        return context.getBean(ProcessorsCaughtUp.class).await(ReturnSnapshots.SOURCES, WAIT, behind -> {
            long now = System.nanoTime();
            if (now - lastShown[0] >= PROGRESS_EVERY.toNanos()) {
                lastShown[0] = now;
                behind.forEach(lag -> out.println("waiting for the projections to catch up: " + lag.describe()));
            }
        });
    }
}
