package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import uk.ilrledger.command.imports.IlrImports;
import uk.ilrledger.command.imports.IlrImports.ImportRequest;
import uk.ilrledger.command.imports.IlrImports.ImportResult;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.GeneratedIlrFile;

/**
 * B9: a new provider's whole ILR file taken in, as a user does it: {@code import} (the file checked,
 * stored as evidence, its learners' findings kept; nothing recorded yet) and a second person's
 * approval (every learner registered, in one transaction). Its ceiling is what a user compares it
 * with: parsing the same file and validating it against its year's XSD (the best of three).
 *
 * <p>It imports {@code --import-warm-ups} files of the same size for other providers first, then
 * {@code --import-files} more, and counts the median of those, so that the figure is the service's as
 * it runs after a few files, not the JIT compiler's first sight of the import's code, nor one file's
 * luck on a shared machine; the first file's figure is printed beside it. Between steps every tracking
 * processor catches up, so nothing else runs while a step is timed.
 */
final class ImportBench {

    /** Within 10x the XSD parse and validation of the same file (issue 15). */
    static final double TARGET = 0.1;

    /** Two people, as the four-eyes rule wants: one imports, the other approves. */
    private static final String IMPORTER = "bench-importer";
    private static final String APPROVER = "bench-approver";

    private final Bench.Harness h;

    ImportBench(Bench.Harness harness) {
        this.h = harness;
    }

    /** One file's figures, in seconds. */
    record Round(long bytes, double xsd, double imported, double approved) {

        double both() {
            return imported + approved;
        }

        /** Import and approval as a multiple of the XSD parse. */
        double times() {
            return both() / xsd;
        }
    }

    Bench.Result run() throws Exception {
        IlrImports imports = h.context.getBean(IlrImports.class);
        int learners = h.options.importLearners();
        int warmUps = h.options.importWarmUps();
        int files = warmUps + h.options.importFiles();
        Path directory = Files.createTempDirectory("ilr-bench-import");
        List<Round> rounds = new ArrayList<>();
        try {
            for (int n = 0; n < files; n++) {
                int ukprn = Bench.Harness.IMPORT_PROVIDER + n;
                Path file = directory.resolve("ILR-" + ukprn + ".xml");
                GeneratedIlrFile.write(file, ukprn, learners, h.options.seed() + n);
                Round round = round(imports, ukprn, file, learners);
                rounds.add(round);
                h.out.printf("B9 file %d of %d (%s, %,d learners): XSD %.2f s; import %.2f s; approval %.2f s; "
                                + "import and approval %.1f× the XSD%n", n + 1, files, Stats.mb(round.bytes()), learners,
                        round.xsd(), round.imported(), round.approved(), round.times());
                Files.delete(file);
            }
        } finally {
            try (var left = Files.list(directory)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(directory);
        }
        List<Round> countedRounds = new ArrayList<>(rounds.subList(warmUps, files));
        countedRounds.sort(Comparator.comparingDouble(Round::times));
        Round counted = countedRounds.get(countedRounds.size() / 2);
        Round first = rounds.get(0);
        double ratio = counted.xsd() / counted.both();
        String spread = f("%.1f× to %.1f×", countedRounds.get(0).times(),
                countedRounds.get(countedRounds.size() - 1).times());
        return new Bench.Result("B9", "import: a new provider's file, import and approval",
                f("%.1f s (import %.1f s, approval %.1f s; %,d learners, %s)", counted.both(), counted.imported(),
                        counted.approved(), learners, Stats.mb(counted.bytes())),
                f("%.2f s parsing and validating the same file against its XSD", counted.xsd()),
                ratio, f("≥ %.1f (≤ %.0f×)", TARGET, 1 / TARGET), ratio >= TARGET,
                f("import and approval %.1f× the XSD (import alone %.1f×), the median of files %d to %d (%s); "
                                + "the first file after start-up %.1f× (import %.1f s, approval %.1f s)",
                        counted.times(), counted.imported() / counted.xsd(), warmUps + 1, files, spread,
                        first.times(), first.imported(), first.approved()));
    }

    private Round round(IlrImports imports, int ukprn, Path file, int learners) throws Exception {
        double xsd = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            IlrFileValidation.Result valid = IlrFileValidation.validate(() -> Files.newInputStream(file));
            xsd = Math.min(xsd, (System.nanoTime() - start) / 1e9);
            if (!valid.valid()) {
                throw new IllegalStateException("the generated file fails its XSD: " + valid.problems());
            }
        }
        h.awaitCaughtUp(Duration.ofMinutes(30));
        long start = System.nanoTime();
        ImportResult imported = imports.importFile(new ImportRequest(new Ukprn(ukprn), file, file.getFileName()
                .toString(), null, IMPORTER), IlrImports.Progress.NONE);
        double importSeconds = (System.nanoTime() - start) / 1e9;
        if (imported.newLearners() != learners) {
            throw new IllegalStateException("the import found " + imported.newLearners() + " new learners of "
                    + learners);
        }
        h.awaitCaughtUp(Duration.ofMinutes(30));
        start = System.nanoTime();
        IlrImports.ImportView approved = imports.approve(new Ukprn(ukprn), imported.importId(), APPROVER, null);
        double approveSeconds = (System.nanoTime() - start) / 1e9;
        if (approved.registered() != learners) {
            throw new IllegalStateException("the approval registered " + approved.registered() + " learners of "
                    + learners);
        }
        // The read models and the Kafka publisher take the new learners before anything else is timed.
        h.awaitCaughtUp(Duration.ofMinutes(30));
        return new Round(Files.size(file), xsd, importSeconds, approveSeconds);
    }
}
