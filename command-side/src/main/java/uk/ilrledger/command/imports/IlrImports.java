package uk.ilrledger.command.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javax.xml.stream.XMLStreamException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import uk.ilrledger.command.evidence.EvidenceStore;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.command.learner.ImportOutcome;
import uk.ilrledger.command.learner.LearnerChecks;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation.Problem;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.learner.LearnerCommand;
import uk.ilrledger.schemas.learner.LearnerCommand.ImportLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterImportedLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Imports a provider's ILR XML file. The file is read from disk several times, never held in
 * memory: hashed; validated against its year's XSD while, on another thread, it is read through
 * once to check every learner; and only when all of that passes stored as evidence and recorded
 * learner by learner in one transaction. So a file with any problem, or a failure while recording, imports nothing. A file
 * older than one already imported for the provider and year is refused unless forced. Known
 * learners' differences are raised as changes for a second person to approve; new learners are
 * registered when a second person approves the import (decision 22). Importing a file again raises
 * nothing new.
 */
@Component
public class IlrImports {

    private final CommandGateway commands;
    private final EvidenceStore evidence;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final ObjectMapper json;
    /** Binds each learner of the file as a request body is bound, so a file gets in only what the API would take. */
    private final ObjectMapper learnerJson;
    private final LearnerChecks learnerChecks;
    private final ImportRules rules;
    private final Clock clock;
    private final DataSize maxFileSize;
    private final TransactionTemplate transaction;
    private final PersonalDataKeys keys;
    /** Each import's XSD pass, beside its checks. */
    private final ExecutorService validators = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ilr-import-xsd");
        thread.setDaemon(true);
        return thread;
    });

    public IlrImports(CommandGateway commands, EvidenceStore evidence, JdbcClient jdbc, JdbcTemplate jdbcTemplate,
            ObjectMapper json,
            StrictJson strictJson, LearnerChecks learnerChecks, ImportRules rules, Clock clock,
            PlatformTransactionManager transactions, PersonalDataKeys keys,
            @Value("${ilr-ledger.imports.max-file-size:512MB}") DataSize maxFileSize) {
        this.transaction = new TransactionTemplate(transactions);
        this.keys = keys;
        this.commands = commands;
        this.evidence = evidence;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.learnerJson = strictJson.mapper();
        this.learnerChecks = learnerChecks;
        this.rules = rules;
        this.clock = clock;
        this.maxFileSize = maxFileSize;
    }

    @PreDestroy
    void stop() {
        validators.shutdownNow();
    }

    /**
     * One file to import: {@code importId} null for a fresh id; {@code forceReason} non-null to import
     * a file that is not later than one already imported for the provider and year.
     */
    public record ImportRequest(Ukprn ukprn, Path file, String fileName, UUID importId, String importedBy,
            String forceReason) {

        public ImportRequest(Ukprn ukprn, Path file, String fileName, UUID importId, String importedBy) {
            this(ukprn, file, fileName, importId, importedBy, null);
        }
    }

    /** An aim the ledger holds that the file lacks: kept as it is, and reported. */
    public record MissingAim(String learnRefNumber, Integer aimSeqNumber, String swSupAimId, String learnAimRef) {
    }

    /** Where an import stands: its new learners wait for a second person; with none, it only raised changes. */
    public enum Status {
        AWAITING_APPROVAL, APPROVED, REJECTED, RAISED_ONLY
    }

    /** A change an import raised, awaiting a second person's approval at {@code /api/changes/{changeId}/approval}. */
    public record RaisedChange(UUID changeId, ChangeType type, List<String> aims, LocalDate effectiveDate) {
    }

    /** A difference the rules of its change type refuse: not raised. */
    public record NotRaised(ChangeType type, List<String> aims, String ruleId, String field, String message) {
    }

    /** What the file raised for one known learner, whose {@code <Learner>} starts on {@code line}. */
    public record LearnerChanges(String learnRefNumber, int line, List<RaisedChange> raised, List<NotRaised> notRaised) {
    }

    /**
     * What an import did. New learners are not registered until a second person approves the import
     * ({@code status} AWAITING_APPROVAL); each known learner's differences are raised as changes
     * ({@code changes}, per learner). {@code findings} lists the first {@value #FINDINGS_LISTED} of
     * {@code findingCount}; each learner's are all kept and read from its {@code findings}.
     */
    public record ImportResult(UUID importId, Status status, String fileSha256, String fileName, long fileSize,
            String year, LocalDate filePreparationDate, LocalDateTime fileDateTime, String forcedReason,
            int learners, int newLearners, int changed, int unchanged, int changesRaised, int notRaised,
            List<LearnerChanges> changes, List<MissingAim> missingAims, Set<String> elementsNotHeld,
            int findingCount, List<ImportFinding> findings) {

        public ImportResult {
            changes = changes == null ? List.of() : List.copyOf(changes);
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /** An import as it stands, with the second person's decision on its new learners. */
    public record ImportView(UUID importId, int ukprn, Status status, String fileName, String fileSha256, String year,
            LocalDate filePreparationDate, LocalDateTime fileDateTime, String importedBy, Instant importedAt,
            String forcedReason, int learners, int newLearners, int registered, int changesRaised, String decidedBy,
            Instant decidedAt, String decisionReason) {
    }

    /** Findings listed in an import's answer; more would make the answer to a large file unreadable. */
    public static final int FINDINGS_LISTED = 1000;

    /** How far an import has gone, for progress reports. */
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = new Progress() {
        };

        /** {@code learners} read and checked, nothing recorded yet. */
        default void checked(int learners) {
        }

        /** {@code learners} of {@code of} recorded. */
        default void recorded(int learners, int of) {
        }
    }

    public long maxFileSize() {
        return maxFileSize.toBytes();
    }

    public ImportResult importFile(ImportRequest request, Progress progress) throws IOException {
        long size = Files.size(request.file());
        if (size > maxFileSize.toBytes()) {
            throw new FileTooLarge(size, maxFileSize.toBytes());
        }
        if (size == 0) {
            throw new InvalidIlrFile(List.of(new Problem(0, 0, "the file is empty")), 1);
        }
        EvidenceId sha = new EvidenceId(sha256(request.file()));
        UUID importId = request.importId() != null ? request.importId() : UUID.randomUUID();
        Optional<ImportResult> earlier = earlier(importId, request, sha);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        IlrFileValidation.Source source = () -> Files.newInputStream(request.file());
        IlrFileValidation.Result year = IlrFileValidation.yearOf(source);
        if (!year.valid()) {
            throw new InvalidIlrFile(year.problems(), year.problemCount());
        }
        // The XSD pass and the learners' checks each read the whole file: they run side by side (decision 27).
        CompletableFuture<IlrFileValidation.Result> xsd = validating(year.schema(), source);
        BooleanSupplier refused = () -> xsd.isDone() && !xsd.join().valid();
        FileFacts facts;
        try {
            facts = checkLearners(request, year.schema(), progress, refused);
        } catch (RuntimeException | IOException e) {
            // A file the XSD refuses is refused for that, whatever its checks made of it.
            refuseIfInvalid(xsd);
            throw e;
        }
        IlrFileValidation.Result validation = refuseIfInvalid(xsd);
        return inOneTransaction(() -> recordAll(request, validation, importId, sha, size, facts, progress));
    }

    /** Validates the file against its year's XSD on a thread of its own. */
    private CompletableFuture<IlrFileValidation.Result> validating(IlrSchema schema, IlrFileValidation.Source source) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return IlrFileValidation.against(schema, source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, validators);
    }

    /** The XSD's verdict, once it is in; a file it refuses is refused with its problems. */
    private static IlrFileValidation.Result refuseIfInvalid(CompletableFuture<IlrFileValidation.Result> xsd)
            throws IOException {
        IlrFileValidation.Result validation;
        try {
            validation = xsd.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (!validation.valid()) {
            throw new InvalidIlrFile(validation.problems(), validation.problemCount());
        }
        return validation;
    }

    /**
     * What the checks learnt of a file: its learners' LearnRefNumbers in order, its header's dates,
     * what the DfE's rules found in each learner and the elements the ledger does not hold.
     */
    private record FileFacts(List<String> refs, LocalDate preparedOn, LocalDateTime dateTime,
            List<ImportFinding> findings, Set<String> notHeld) {

        int learners() {
            return refs.size();
        }
    }

    /**
     * The file's evidence, its import row and every learner's events in one transaction: a failure
     * anywhere leaves nothing, and the retry records what one clean run would.
     */
    private ImportResult recordAll(ImportRequest request, IlrFileValidation.Result validation, UUID importId,
            EvidenceId sha, long size, FileFacts facts, Progress progress) throws IOException {
        lockAppends();
        String year = validation.schema().year();
        refuseOlderFile(request, sha, year, facts);
        evidence.storeImportedFile(request.file(), sha, request.fileName(), request.importedBy());
        jdbc.sql("""
                INSERT INTO ilr_import (import_id, ukprn, file_sha256, file_name, file_size, imported_by, started_at,
                    year, file_preparation_date, file_date_time, forced_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (import_id) DO NOTHING""")
                .params(importId, request.ukprn().value(), sha.sha256(), request.fileName(), size, request.importedBy(),
                        Timestamp.from(clock.instant()), year, facts.preparedOn(),
                        facts.dateTime() == null ? null : Timestamp.valueOf(facts.dateTime()), request.forceReason())
                .update();
        ImportResult result = record(request, validation, importId, sha, size, facts, progress);
        jdbc.sql("""
                UPDATE ilr_import SET finished_at = ?, result = CAST(? AS jsonb), status = ?, new_learners = ?
                WHERE import_id = ?""")
                .params(Timestamp.from(clock.instant()), write(result), result.status().name(), result.newLearners(),
                        importId)
                .update();
        return result;
    }

    /**
     * Other appends wait until the file commits, so none gets a global index between the file's
     * events: tracking processors would hold those as gaps and can forget old gaps (decision 17).
     * Reads go on.
     */
    private void lockAppends() {
        jdbc.sql("LOCK TABLE domain_event_entry IN EXCLUSIVE MODE").update();
    }

    /**
     * A file not later (by FilePreparationDate, then DateTime) than the latest already imported for
     * the provider and year is refused unless forced with a reason: it would raise the ledger back to
     * what an earlier file said. The latest file itself again is let through: it raises nothing new.
     */
    private void refuseOlderFile(ImportRequest request, EvidenceId sha, String year, FileFacts facts) {
        if (request.forceReason() != null || facts.preparedOn() == null) {
            return;
        }
        record Latest(String fileName, String sha256, LocalDate preparedOn, LocalDateTime dateTime) {
        }
        jdbc.sql("""
                SELECT file_name, file_sha256, file_preparation_date, file_date_time FROM ilr_import
                WHERE ukprn = ? AND year = ? AND finished_at IS NOT NULL AND file_preparation_date IS NOT NULL
                ORDER BY file_preparation_date DESC, file_date_time DESC NULLS LAST, finished_at DESC LIMIT 1""")
                .params(request.ukprn().value(), year)
                .query((rs, n) -> new Latest(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDateTime.class)))
                .optional()
                .filter(latest -> !latest.sha256().equals(sha.sha256()))
                .ifPresent(latest -> {
                    boolean later = facts.preparedOn().isAfter(latest.preparedOn())
                            || facts.preparedOn().equals(latest.preparedOn()) && facts.dateTime() != null
                                    && latest.dateTime() != null && facts.dateTime().isAfter(latest.dateTime());
                    if (!later) {
                        throw DomainProblem.rule(DomainProblem.Kind.CONFLICT, OLDER_FILE, "file", "this file "
                                + "(FilePreparationDate " + facts.preparedOn() + ", DateTime " + facts.dateTime()
                                + ") is not later than " + latest.fileName() + " (FilePreparationDate "
                                + latest.preparedOn() + ", DateTime " + latest.dateTime() + "), already imported for UKPRN "
                                + request.ukprn().value() + " in " + year
                                + "; send it with ?force=true&reason=… to import it anyway");
                    }
                });
    }

    /** The rule refusing a file older than one already imported. */
    public static final String OLDER_FILE = "LDG_OlderFile";

    private interface Work<T> {
        T run() throws IOException;
    }

    private <T> T inOneTransaction(Work<T> work) throws IOException {
        try {
            return transaction.execute(status -> {
                try {
                    return work.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The result of a finished import with this id and file; a 409 when the id was used for another file. */
    private Optional<ImportResult> earlier(UUID importId, ImportRequest request, EvidenceId sha) {
        return jdbc.sql("SELECT ukprn, file_sha256, result FROM ilr_import WHERE import_id = ?")
                .param(importId)
                .query((rs, n) -> {
                    if (rs.getInt("ukprn") != request.ukprn().value() || !rs.getString("file_sha256").equals(sha.sha256())) {
                        throw DomainProblem.conflict("importId", "import " + importId + " was of another file");
                    }
                    return Optional.ofNullable(rs.getString("result")).map(this::read);
                })
                .optional()
                .flatMap(result -> result);
    }

    /**
     * Reads every learner once without recording anything: the file must be of this provider, every
     * learner must bind to the ledger's model, each LearnRefNumber once. The DfE's rules refuse
     * nothing here: each learner's faults become its findings, recorded with the import.
     */
    private FileFacts checkLearners(ImportRequest request, IlrSchema schema, Progress progress, BooleanSupplier refused)
            throws IOException {
        List<Problem> problems = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        List<ImportFinding> findings = new ArrayList<>();
        FileLearnerChecks checks = new FileLearnerChecks(learnerChecks, rules, schema);
        IlrFileReader.Header header;
        Set<String> notHeld;
        try (InputStream in = Files.newInputStream(request.file());
                IlrFileReader reader = new IlrFileReader(in, schema, learnerJson)) {
            header = reader.header();
            if (!String.valueOf(request.ukprn().value()).equals(header.learningProviderUkprn())) {
                throw new InvalidIlrFile(List.of(new Problem(header.ukprnLine(), header.ukprnColumn(),
                        "LearningProvider/UKPRN is " + header.learningProviderUkprn() + "; this import is for UKPRN "
                                + request.ukprn().value())), 1);
            }
            Set<String> seen = new HashSet<>();
            for (Optional<IlrFileReader.Read> read = reader.next(); read.isPresent(); read = reader.next()) {
                if (refused.getAsBoolean()) {
                    throw new IllegalStateException("the file's XSD pass refused it");
                }
                IlrFileReader.Read learner = read.get();
                refs.add(learner.learnRefNumber());
                if (learner.problem() != null) {
                    problems.add(learner.problem());
                } else if (!seen.add(learner.learnRefNumber())) {
                    problems.add(new Problem(learner.line(), 0,
                            "Learner " + learner.learnRefNumber() + ": LearnRefNumber is used by an earlier learner"));
                } else if (problems.isEmpty()) {
                    LearnerId id = new LearnerId(request.ukprn(), learner.learner().learnRefNumber());
                    findings.addAll(checks.check(id, learner).findings());
                }
                if (refs.size() % 1000 == 0) {
                    progress.checked(refs.size());
                }
            }
            notHeld = reader.notHeld();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the file could not be read: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidIlrFile(problems.subList(0, Math.min(problems.size(), IlrFileValidation.LISTED)),
                    problems.size());
        }
        progress.checked(refs.size());
        return new FileFacts(refs, header.filePreparationDate() == null ? null : LocalDate.parse(header.filePreparationDate()),
                header.dateTime() == null ? null : LocalDateTime.parse(header.dateTime()), findings, notHeld);
    }

    /**
     * Records each learner the ledger already holds through its Learner aggregate, one after another
     * on this thread, inside the caller's transaction: Axon's units of work join it, so the events of
     * every learner commit together or not at all (decision 17). A learner the ledger does not hold
     * records nothing until the import is approved, so it is not sent; which ones it holds is read in
     * chunks, exactly, as the import holds the append lock. When it holds some, the file is read again
     * for them, and their changes are appended a chunk at a time (decision 27).
     */
    private ImportResult record(ImportRequest request, IlrFileValidation.Result validation, UUID importId,
            EvidenceId sha, long size, FileFacts facts, Progress progress) throws IOException {
        int total = facts.learners();
        Set<String> held = new HashSet<>();
        for (int from = 0; from < total; from += CHUNK) {
            held.addAll(held(facts.refs().subList(from, Math.min(total, from + CHUNK)).stream()
                    .map(ref -> LearnerId.of(request.ukprn().value(), ref).asString()).toList()));
        }
        int[] counts = new int[5]; // new, changed, unchanged, raised, not raised
        counts[0] = total - held.size();
        List<LearnerChanges> changes = new ArrayList<>();
        List<MissingAim> missing = new ArrayList<>();
        List<ImportFinding> findings = facts.findings();
        List<String> refs = facts.refs();
        Set<String> notHeld = facts.notHeld();
        int done = total - held.size();
        progress.recorded(done, total);
        if (!held.isEmpty()) {
            FileLearnerChecks checks = new FileLearnerChecks(learnerChecks, rules, validation.schema());
            List<FileLearner> chunk = new ArrayList<>(CHUNK);
            try (InputStream in = Files.newInputStream(request.file());
                    IlrFileReader reader = new IlrFileReader(in, validation.schema(), learnerJson)) {
                for (Optional<IlrFileReader.Read> read = reader.next(); read.isPresent(); read = reader.next()) {
                    LearnerId id = new LearnerId(request.ukprn(), read.get().learner().learnRefNumber());
                    IlrLearner learner = checks.keyed(id, read.get());
                    if (held.contains(id.asString())) {
                        chunk.add(new FileLearner(id, learner, read.get().line()));
                    }
                    if (chunk.size() == CHUNK) {
                        recordChunk(request, importId, sha, chunk, counts, changes, missing);
                        done += chunk.size();
                        chunk.clear();
                        progress.recorded(done, total);
                    }
                }
                recordChunk(request, importId, sha, chunk, counts, changes, missing);
                done += chunk.size();
            } catch (XMLStreamException e) {
                throw new IllegalStateException("a file that passed its checks could not be read again", e);
            }
        }
        int newLearners = counts[0];
        int changed = counts[1];
        int unchanged = counts[2];
        int raisedCount = counts[3];
        int notRaisedCount = counts[4];
        progress.recorded(done, total);
        storeFindings(request, importId, refs, findings);
        List<MissingAim> sortedMissing = missing.stream()
                .sorted(Comparator.comparing(MissingAim::learnRefNumber)
                        .thenComparing(MissingAim::aimSeqNumber, Comparator.nullsLast(Integer::compare)))
                .toList();
        return new ImportResult(importId, newLearners > 0 ? Status.AWAITING_APPROVAL : Status.RAISED_ONLY,
                sha.sha256(), request.fileName(), size, validation.schema().year(), facts.preparedOn(),
                facts.dateTime(), request.forceReason(), total, newLearners, changed, unchanged, raisedCount,
                notRaisedCount, changes, sortedMissing, notHeld, findings.size(),
                findings.subList(0, Math.min(findings.size(), FINDINGS_LISTED)));
    }

    /** Learners recorded together: their events are appended in one batch. */
    private static final int CHUNK = 100;

    /** One learner of a file, bound and keyed as the ledger records it, and the line its {@code <Learner>} starts on. */
    private record FileLearner(LearnerId id, IlrLearner learner, int line) {
    }

    /** Sends each of the chunk's learners, all held by the ledger, to its aggregate; their changes are appended together. */
    private void recordChunk(ImportRequest request, UUID importId, EvidenceId sha, List<FileLearner> chunk, int[] counts,
            List<LearnerChanges> changes, List<MissingAim> missing) {
        if (chunk.isEmpty()) {
            return;
        }
        inOneUnitOfWork("imported", () -> {
            for (FileLearner learner : chunk) {
                LearnerId id = learner.id();
                ImportOutcome outcome = send(new ImportLearner(id, learner.learner(), importId, sha, request.fileName(),
                        request.importedBy()), learner.line(), "imported");
                switch (outcome.kind()) {
                    case NEW -> counts[0]++;
                    case DIFFERS -> counts[1]++;
                    case UNCHANGED -> counts[2]++;
                    case REGISTERED -> throw new IllegalStateException("a learner is registered only on approval");
                }
                if (!outcome.raised().isEmpty() || !outcome.refused().isEmpty()) {
                    changes.add(learnerChanges(id, learner.line(), outcome));
                    counts[3] += outcome.raised().size();
                    counts[4] += outcome.refused().size();
                }
                for (LearningDelivery aim : outcome.missingAims()) {
                    missing.add(new MissingAim(id.learnRefNumber().value(), aim.aimSeqNumber(), aim.swSupAimId(),
                            aim.learnAimRef()));
                }
            }
            return null;
        });
    }

    /**
     * Which of these learners (aggregate identifiers) the ledger holds: has their first event. Exact while the
     * import holds the append lock: no learner can be registered meanwhile.
     */
    private Set<String> held(List<String> aggregates) {
        return new HashSet<>(jdbc.sql("""
                SELECT aggregate_identifier FROM domain_event_entry
                WHERE aggregate_identifier = ANY(?) AND sequence_number = 0""")
                .param(aggregates.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /**
     * Runs {@code work}, whose commands each run in a unit of work of their own, inside one more:
     * their events are appended, and the subscribing handlers (the hash chain) run, once for all of
     * them when it commits, in the transaction already open. A failure rolls all of them back.
     */
    private <T> T inOneUnitOfWork(String what, java.util.function.Supplier<T> work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>(what));
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        try {
            unitOfWork.commit();
        } catch (DomainProblem problem) {
            throw new DomainProblem(problem.kind(), problem.field(), problem.ruleId(),
                    problem.getMessage() + "; nothing was " + what);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the learners could not be recorded, so nothing was " + what + ": "
                    + e.getMessage(), e);
        }
        return result;
    }

    private static LearnerChanges learnerChanges(LearnerId id, int line, ImportOutcome outcome) {
        return new LearnerChanges(id.learnRefNumber().value(), line,
                outcome.raised().stream().map(change -> new RaisedChange(change.changeId(), change.proposal().type(),
                        change.aims(), change.effectiveDate())).toList(),
                outcome.refused().stream().map(refused -> new NotRaised(refused.type(), refused.aims(),
                        refused.ruleId(), refused.field(), refused.message())).toList());
    }

    /**
     * Registers the import's new learners, all in one transaction, carrying the importer and
     * {@code approver}, a second person (decision 22). The file is read again from the evidence it
     * was stored as, and each learner derived exactly as when it was imported; a thread of its own
     * reads it a few chunks ahead of the registering ({@link ReadAhead}).
     */
    public ImportView approve(Ukprn ukprn, UUID importId, String approver, String comment) throws IOException {
        Path file = Files.createTempFile("ilr-approval-", ".xml");
        try {
            return inOneTransaction(() -> {
                lockAppends();
                Staged staged = undecided(ukprn, importId, approver);
                if (!evidence.copyTo(staged.sha(), file)) {
                    throw new IllegalStateException("import " + importId + ": its file " + staged.sha().sha256()
                            + " is not in the evidence store");
                }
                // The stored file is the one validated when it was imported: its bytes are addressed by their SHA-256.
                IlrSchema schema = IlrSchema.of(CollectionYear.parse(staged.year()));
                int registered = 0;
                FileLearnerChecks checks = new FileLearnerChecks(learnerChecks, rules, schema);
                try (InputStream in = Files.newInputStream(file);
                        IlrFileReader reader = new IlrFileReader(in, schema, learnerJson);
                        ReadAhead<FileLearner> learners = new ReadAhead<>("ilr-approval-reader", CHUNK, sink -> {
                            for (Optional<IlrFileReader.Read> read = reader.next(); read.isPresent();
                                    read = reader.next()) {
                                LearnerId id = new LearnerId(ukprn, read.get().learner().learnRefNumber());
                                sink.accept(new FileLearner(id, checks.keyed(id, read.get()), read.get().line()));
                            }
                        })) {
                    for (List<FileLearner> chunk = learners.next(); !chunk.isEmpty(); chunk = learners.next()) {
                        registered += register(importId, staged, approver, chunk);
                    }
                } catch (XMLStreamException e) {
                    throw new IllegalStateException("an imported file could not be read again", e);
                }
                decide(importId, Status.APPROVED, approver, comment, registered);
                return view(ukprn, importId);
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Registers the chunk's learners the ledger does not hold, each through its aggregate, their
     * events appended together. One registered meanwhile by other means is left alone, as its
     * aggregate would leave it. Answers how many were registered.
     */
    private int register(UUID importId, Staged staged, String approver, List<FileLearner> chunk) {
        if (chunk.isEmpty()) {
            return 0;
        }
        Set<String> held = held(chunk.stream().map(learner -> learner.id().asString()).toList());
        List<LearnerId> unrecorded = chunk.stream().map(FileLearner::id).filter(id -> !held.contains(id.asString()))
                .toList();
        return inOneUnitOfWork("registered", () -> {
            UnrecordedLearners.declare(CurrentUnitOfWork.get(), unrecorded.stream().map(LearnerId::asString)
                    .collect(java.util.stream.Collectors.toSet()));
            keys.prepareForSealing(unrecorded);
            int registered = 0;
            for (FileLearner learner : chunk) {
                if (!held.contains(learner.id().asString()) && send(new RegisterImportedLearner(learner.id(),
                        learner.learner(), staged.sha(), staged.importedBy(), approver), learner.line(),
                        "registered").kind() == ImportOutcome.Kind.REGISTERED) {
                    registered++;
                }
            }
            return registered;
        });
    }

    /** Refuses the import's new learners: nothing is registered; the changes it raised stay to be decided one by one. */
    public ImportView reject(Ukprn ukprn, UUID importId, String rejecter, String reason) throws IOException {
        return inOneTransaction(() -> {
            undecided(ukprn, importId, rejecter);
            decide(importId, Status.REJECTED, rejecter, reason, 0);
            return view(ukprn, importId);
        });
    }

    /** The import, as it stands. */
    public ImportView view(Ukprn ukprn, UUID importId) {
        return jdbc.sql("""
                SELECT import_id, ukprn, status, file_name, file_sha256, year, file_preparation_date, file_date_time,
                    imported_by, started_at, forced_reason, new_learners, registered, decided_by, decided_at,
                    decision_reason, result FROM ilr_import WHERE import_id = ? AND ukprn = ? AND finished_at IS NOT NULL""")
                .params(importId, ukprn.value())
                .query((rs, n) -> {
                    ImportResult result = read(rs.getString("result"));
                    Timestamp decidedAt = rs.getTimestamp("decided_at");
                    return new ImportView(rs.getObject("import_id", UUID.class), rs.getInt("ukprn"),
                            Status.valueOf(rs.getString("status")), rs.getString("file_name"),
                            rs.getString("file_sha256"), rs.getString("year"),
                            rs.getObject("file_preparation_date", LocalDate.class),
                            rs.getObject("file_date_time", LocalDateTime.class), rs.getString("imported_by"),
                            rs.getTimestamp("started_at").toInstant(), rs.getString("forced_reason"),
                            result.learners(), rs.getInt("new_learners"), rs.getInt("registered"),
                            result.changesRaised(), rs.getString("decided_by"),
                            decidedAt == null ? null : decidedAt.toInstant(), rs.getString("decision_reason"));
                })
                .optional()
                .orElseThrow(() -> DomainProblem.notFound("importId", "no import " + importId + " for UKPRN "
                        + ukprn.value()));
    }

    /** An import whose new learners await a decision, locked for it. */
    private record Staged(EvidenceId sha, String fileName, String importedBy, String year) {
    }

    private Staged undecided(Ukprn ukprn, UUID importId, String decider) {
        jdbc.sql("SELECT 1 FROM ilr_import WHERE import_id = ? FOR UPDATE").param(importId).query().rowSet();
        ImportView locked = view(ukprn, importId);
        if (locked.status() == Status.RAISED_ONLY) {
            throw DomainProblem.conflict("importId", "import " + importId
                    + " has no new learners to approve: the changes it raised are approved one by one");
        }
        if (locked.status() != Status.AWAITING_APPROVAL) {
            throw DomainProblem.conflict("importId", "import " + importId + " was already "
                    + locked.status().name().toLowerCase() + " by " + locked.decidedBy());
        }
        if (locked.importedBy().equals(decider)) {
            throw DomainProblem.forbidden("four eyes: " + decider + " imported " + importId
                    + " and cannot also decide on its new learners");
        }
        return new Staged(new EvidenceId(locked.fileSha256()), locked.fileName(), locked.importedBy(), locked.year());
    }

    private void decide(UUID importId, Status status, String by, String reason, int registered) {
        jdbc.sql("""
                UPDATE ilr_import SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?, registered = ?
                WHERE import_id = ?""")
                .params(status.name(), by, Timestamp.from(clock.instant()), reason, registered, importId)
                .update();
    }

    /** The file's learners' findings replace what an earlier import found in them. */
    private void storeFindings(ImportRequest request, UUID importId, List<String> refs, List<ImportFinding> findings) {
        int chunk = 1000;
        for (int from = 0; from < refs.size(); from += chunk) {
            jdbc.sql("DELETE FROM import_finding WHERE ukprn = ? AND learn_ref_number = ANY(?)")
                    .params(request.ukprn().value(), refs.subList(from, Math.min(refs.size(), from + chunk))
                            .toArray(String[]::new))
                    .update();
        }
        String last = null;
        int position = 0;
        List<Object[]> rows = new ArrayList<>();
        for (ImportFinding finding : findings) {
            position = finding.learnRefNumber().equals(last) ? position + 1 : 0;
            last = finding.learnRefNumber();
            rows.add(new Object[] {request.ukprn().value(), finding.learnRefNumber(), position, importId,
                    finding.ruleId(), finding.severity().name(), finding.entity(), finding.field(),
                    finding.aimSeqNumber(), finding.swSupAimId(), finding.fileValue(), finding.line(), finding.message()});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO import_finding (ukprn, learn_ref_number, position, import_id, rule_id, severity, entity,
                    field, aim_seq_number, sw_sup_aim_id, file_value, line, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    /** One learner's command; a refusal names the learner and its line, and says nothing was kept. */
    private ImportOutcome send(LearnerCommand command, int line, String what) {
        String where = "learner " + command.learner().learnRefNumber().value() + " (line " + line + ")";
        try {
            return commands.sendAndWait(command);
        } catch (DomainProblem problem) {
            throw new DomainProblem(problem.kind(), problem.field(), problem.ruleId(),
                    where + ": " + problem.getMessage() + "; nothing was " + what);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " could not be recorded, so nothing was " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private String write(ImportResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportResult read(String text) {
        try {
            return json.readValue(text, ImportResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file breaks the XSD or holds a learner the ledger refuses: nothing was imported. */
    public static class InvalidIlrFile extends RuntimeException {
        private final transient List<Problem> problems;
        private final int problemCount;

        public InvalidIlrFile(List<Problem> problems, int problemCount) {
            super("the file is not an ILR file the ledger can import: " + problemCount + " problem"
                    + (problemCount == 1 ? "" : "s") + "; first: " + describe(problems.get(0)));
            this.problems = List.copyOf(problems);
            this.problemCount = problemCount;
        }

        public List<Problem> problems() {
            return problems;
        }

        public int problemCount() {
            return problemCount;
        }

        public static String describe(Problem problem) {
            return problem.line() > 0 ? "line " + problem.line() + ", column " + problem.column() + ": " + problem.message()
                    : problem.message();
        }
    }

    /** Larger than the configured limit: refused before anything is read. */
    public static class FileTooLarge extends RuntimeException {
        public FileTooLarge(long size, long limit) {
            super("the file is " + (size < 0 ? "larger than " + limit : size) + " bytes; imports take at most "
                    + limit + " bytes (ilr-ledger.imports.max-file-size)");
        }
    }
}
