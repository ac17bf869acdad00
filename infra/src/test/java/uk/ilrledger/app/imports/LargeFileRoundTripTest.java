package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import uk.ilrledger.testsupport.GeneratedIlrFile;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.faults.BesideTheOtherTests;
import uk.ilrledger.command.chain.ChainVerifier;
import uk.ilrledger.command.imports.IlrImports;
import uk.ilrledger.command.imports.IlrImports.ImportRequest;
import uk.ilrledger.command.imports.IlrImports.ImportResult;
import uk.ilrledger.query.export.IlrExports;
import uk.ilrledger.query.findings.LedgerFindings;
import uk.ilrledger.query.export.IlrExports.PreparedExport;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;

/**
 * A large generated file imported and exported again holds the same learners, aims and values.
 * The size is {@code -Dilr-ledger.large-file.learners}: 5,000 unless set, enough for the round trip in
 * the suite; the import's timings in decisions 17 and 27 are taken with 20,000. Timing and peak heap are
 * printed for the record; they are not asserted (targets live in the benchmarks).
 */
@IntegrationTest
@ContextConfiguration(initializers = LargeFileRoundTripTest.OwnDatabase.class)
@DirtiesContext
@BesideTheOtherTests
class LargeFileRoundTripTest {

    /**
     * Its own database (the shared one stays small for the tests that replay it from the start) and its
     * own topic, so it can run beside the other tests.
     */
    static class OwnDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase database = uk.ilrledger.testsupport.OwnDatabase.create("large");
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(),
                    "ilr-ledger.kafka.topic=large-file-" + UUID.randomUUID()).applyTo(context);
        }
    }

    private static final int LEARNERS = Integer.getInteger("ilr-ledger.large-file.learners", 5_000);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("ilr-ledger.large-file.warm-up-rounds", 1);
    private static final int WARM_UP_LEARNERS = Integer.getInteger("ilr-ledger.large-file.warm-up-learners", 2_000);

    @Autowired
    IlrImports imports;
    @Autowired
    IlrExports exports;
    @Autowired
    LedgerFindings ledgerFindings;
    @Autowired
    EventProcessingConfiguration eventProcessing;
    @Autowired
    ProcessorsCaughtUp processorsCaughtUp;
    @Autowired
    ChainVerifier chains;

    @TempDir
    Path work;

    @Test
    void aLargeFileImportedThenExportedForTheSamePeriodHoldsTheSameLearnersAimsAndValues() throws Exception {
        int ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        Path source = work.resolve("source.xml");
        GeneratedIlrFile.write(source, ukprn, LEARNERS, 20261123L);
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            warmUp(ukprn + round);
        }

        // What the import is compared with: reading the file once and validating it against its XSD.
        Measured<Boolean> parsed = measure(() -> IlrFileValidation.validate(() -> Files.newInputStream(source)).valid());
        assertThat(parsed.value()).isTrue();
        Measured<ImportResult> imported = measure(() -> imports.importFile(
                new ImportRequest(new Ukprn(ukprn), source, "source.xml", null, "admin"), IlrImports.Progress.NONE));
        assertThat(imported.value().newLearners()).isEqualTo(LEARNERS);
        Measured<IlrImports.ImportView> approved = measure(() -> imports.approve(new Ukprn(ukprn),
                imported.value().importId(), "approver", null));
        assertThat(approved.value().registered()).isEqualTo(LEARNERS);
        // Each learner's chain link was made from the very bytes the store keeps (the personal fields are
        // sealed once, on whichever thread got there first).
        List<String> broken = new java.util.ArrayList<>();
        ChainVerifier.Summary chained = chains.verify(new ChainVerifier.Scope.Provider(new Ukprn(ukprn)),
                (learner, learners, events) -> {
                    if (!learner.intact()) {
                        broken.add(learner.toString());
                    }
                });
        assertThat(broken).isEmpty();
        assertThat(chained.learners()).isEqualTo(LEARNERS);
        assertThat(chained.intact()).isTrue();

        long last = caughtUp();
        Path exported = work.resolve("exported.xml");
        Measured<PreparedExport> export = measure(() -> {
            PreparedExport prepared = exports.prepare(new Ukprn(ukprn), CollectionYear.parse("2526"),
                    ReturnPeriod.parse("R14"), null, "exporter");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(exported), 1 << 16)) {
                prepared.writeTo(out, n -> { });
            }
            return prepared;
        });

        Measured<LedgerFindings.ReturnReport> findings = measure(() -> ledgerFindings.ofReturn(new Ukprn(ukprn),
                CollectionYear.parse("2526"), ReturnPeriod.parse("R14"), null, last));
        assertThat(findings.value().learners()).isEqualTo(LEARNERS);

        System.out.printf("%d learners: parsing and validating against the XSD took %.1f s; import %.1fx that, "
                        + "import and approval %.1fx%n", LEARNERS, parsed.seconds(), imported.seconds() / parsed.seconds(),
                (imported.seconds() + approved.seconds()) / parsed.seconds());
        System.out.printf("%d learners: import of %,d bytes took %.1f s, peak heap %d MB; approval (registering "
                        + "them) %.1f s, peak heap %d MB; export of %,d bytes took %.1f s, peak heap %d MB; findings "
                        + "(%s, each traced to its event) took %.1f s, peak heap %d MB%n", LEARNERS,
                Files.size(source), imported.seconds(), imported.peakHeapMb(), approved.seconds(),
                approved.peakHeapMb(), Files.size(exported), export.seconds(), export.peakHeapMb(),
                findings.value().counts().summary(), findings.seconds(), findings.peakHeapMb());
        Map<String, String> before = digests(source);
        Map<String, String> after = digests(exported);
        assertThat(after).hasSize(LEARNERS);
        assertThat(after).as("every learner's elements and values, parsed").isEqualTo(before);
    }

    /**
     * Validates, imports and approves a small file of another provider first, so that the figures
     * compare the service and the XSD parse both running compiled, as they do after a few files,
     * rather than whichever of them the JIT compiler happened to reach first.
     */
    private void warmUp(int ukprn) throws Exception {
        Path small = work.resolve("warm-up.xml");
        GeneratedIlrFile.write(small, ukprn, WARM_UP_LEARNERS, ukprn);
        for (int i = 0; i < 3; i++) {
            assertThat(IlrFileValidation.validate(() -> Files.newInputStream(small)).valid()).isTrue();
        }
        ImportResult result = imports.importFile(new ImportRequest(new Ukprn(ukprn), small, "warm-up.xml", null,
                "admin"), IlrImports.Progress.NONE);
        assertThat(imports.approve(new Ukprn(ukprn), result.importId(), "approver", null).registered())
                .isEqualTo(WARM_UP_LEARNERS);
        caughtUp();
    }

    /**
     * Waits for every tracking processor (read models and Kafka publication) to reach the store's head,
     * so that nothing else runs while the next step is timed.
     */
    private long caughtUp() {
        List<String> processors = eventProcessing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(EventProcessor::getName).toList();
        return processorsCaughtUp.await(processors, Duration.ofMinutes(10), lags -> { });
    }

    private static Map<String, String> digests(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IlrContent.learners(in, LargeFileRoundTripTest::digest);
        }
    }

    private static String digest(List<String> lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Work<T> {
        T run() throws Exception;
    }

    record Measured<T>(T value, double seconds, long peakHeapMb) {
    }

    /** Runs {@code work}, timing it and taking the heap's peak (the sum of the heap pools' peaks) meanwhile. */
    private static <T> Measured<T> measure(Work<T> work) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        T value = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new Measured<>(value, seconds, peak >> 20);
    }
}
