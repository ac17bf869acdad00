package uk.ilrledger.command.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import uk.ilrledger.command.evidence.EvidenceStore;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.command.learner.ImportOutcome;
import uk.ilrledger.command.learner.LearnerChecks;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation.Problem;
import uk.ilrledger.schemas.learner.LearnerCommand.ImportLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Imports a provider's ILR XML file. The file is read from disk several times, never held in
 * memory: hashed, validated against its year's XSD, read through once to check every learner, and
 * only when all of that passes stored as evidence and recorded learner by learner in one
 * transaction. So a file with any problem, or a failure while recording, imports nothing.
 * Importing a file again records nothing new.
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

    public IlrImports(CommandGateway commands, EvidenceStore evidence, JdbcClient jdbc, JdbcTemplate jdbcTemplate,
            ObjectMapper json,
            StrictJson strictJson, LearnerChecks learnerChecks, ImportRules rules, Clock clock,
            PlatformTransactionManager transactions,
            @Value("${ilr-ledger.imports.max-file-size:512MB}") DataSize maxFileSize) {
        this.transaction = new TransactionTemplate(transactions);
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

    /** One file to import: {@code importId} null for a fresh id. */
    public record ImportRequest(Ukprn ukprn, Path file, String fileName, UUID importId, String importedBy) {
    }

    /** An aim the ledger holds that the file lacks: kept as it is, and reported. */
    public record MissingAim(String learnRefNumber, Integer aimSeqNumber, String swSupAimId, String learnAimRef) {
    }

    /**
     * What an import did. {@code findings} lists the first {@value #FINDINGS_LISTED} of
     * {@code findingCount}; each learner's are all kept and read from its {@code findings}.
     */
    public record ImportResult(UUID importId, String fileSha256, String fileName, long fileSize, String year,
            int learners, int registered, int corrected, int unchanged, List<MissingAim> missingAims,
            Set<String> elementsNotHeld, int findingCount, List<ImportFinding> findings) {

        public ImportResult {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
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
        IlrFileValidation.Result validation = IlrFileValidation.validate(() -> Files.newInputStream(request.file()));
        if (!validation.valid()) {
            throw new InvalidIlrFile(validation.problems(), validation.problemCount());
        }
        int learners = checkLearners(request, validation, progress);
        return inOneTransaction(() -> recordAll(request, validation, importId, sha, size, learners, progress));
    }

    /**
     * The file's evidence, its import row and every learner's events in one transaction: a failure
     * anywhere leaves nothing, and the retry records what one clean run would.
     */
    private ImportResult recordAll(ImportRequest request, IlrFileValidation.Result validation, UUID importId,
            EvidenceId sha, long size, int learners, Progress progress) throws IOException {
        // Other appends wait until the file commits, so none gets a global index between the file's
        // events: tracking processors would hold those as gaps and can forget old gaps (decision 17).
        // Reads go on.
        jdbc.sql("LOCK TABLE domain_event_entry IN EXCLUSIVE MODE").update();
        evidence.storeImportedFile(request.file(), sha, request.fileName(), request.importedBy());
        jdbc.sql("""
                INSERT INTO ilr_import (import_id, ukprn, file_sha256, file_name, file_size, imported_by, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (import_id) DO NOTHING""")
                .params(importId, request.ukprn().value(), sha.sha256(), request.fileName(), size, request.importedBy(),
                        Timestamp.from(clock.instant()))
                .update();
        ImportResult result = record(request, validation, importId, sha, size, learners, progress);
        jdbc.sql("UPDATE ilr_import SET finished_at = ?, result = CAST(? AS jsonb) WHERE import_id = ?")
                .params(Timestamp.from(clock.instant()), write(result), importId)
                .update();
        return result;
    }

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
     * nothing here: they become findings as each learner is recorded. Returns the count.
     */
    private int checkLearners(ImportRequest request, IlrFileValidation.Result validation, Progress progress)
            throws IOException {
        List<Problem> problems = new ArrayList<>();
        int total = 0;
        try (InputStream in = Files.newInputStream(request.file());
                IlrFileReader reader = new IlrFileReader(in, validation.schema(), learnerJson)) {
            IlrFileReader.Header header = reader.header();
            if (!String.valueOf(request.ukprn().value()).equals(header.learningProviderUkprn())) {
                throw new InvalidIlrFile(List.of(new Problem(header.ukprnLine(), header.ukprnColumn(),
                        "LearningProvider/UKPRN is " + header.learningProviderUkprn() + "; this import is for UKPRN "
                                + request.ukprn().value())), 1);
            }
            Set<String> refs = new HashSet<>();
            for (Optional<IlrFileReader.Read> read = reader.next(); read.isPresent(); read = reader.next()) {
                total++;
                IlrFileReader.Read learner = read.get();
                if (learner.problem() != null) {
                    problems.add(learner.problem());
                } else if (!refs.add(learner.learnRefNumber())) {
                    problems.add(new Problem(learner.line(), 0,
                            "Learner " + learner.learnRefNumber() + ": LearnRefNumber is used by an earlier learner"));
                }
                if (total % 1000 == 0) {
                    progress.checked(total);
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("a file that passed its XSD could not be read again", e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidIlrFile(problems.subList(0, Math.min(problems.size(), IlrFileValidation.LISTED)),
                    problems.size());
        }
        progress.checked(total);
        return total;
    }

    /**
     * Records each learner through the Learner aggregate, one after another on this thread, inside
     * the caller's transaction: Axon's unit of work joins it, so the events of every learner commit
     * together or not at all (decision 17).
     */
    private ImportResult record(ImportRequest request, IlrFileValidation.Result validation, UUID importId,
            EvidenceId sha, long size, int total, Progress progress) throws IOException {
        int registered = 0;
        int corrected = 0;
        int unchanged = 0;
        int done = 0;
        List<MissingAim> missing = new ArrayList<>();
        List<ImportFinding> findings = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        FileLearnerChecks checks = new FileLearnerChecks(learnerChecks, rules, validation.schema());
        Set<String> notHeld;
        try (InputStream in = Files.newInputStream(request.file());
                IlrFileReader reader = new IlrFileReader(in, validation.schema(), learnerJson)) {
            for (Optional<IlrFileReader.Read> read = reader.next(); read.isPresent(); read = reader.next()) {
                LearnerId id = new LearnerId(request.ukprn(), read.get().learner().learnRefNumber());
                FileLearnerChecks.Checked checked = checks.check(id, read.get());
                refs.add(id.learnRefNumber().value());
                findings.addAll(checked.findings());
                ImportLearner command = new ImportLearner(id, checked.learner(), importId, sha, request.fileName(),
                        request.importedBy());
                ImportOutcome outcome = send(command, read.get().line());
                switch (outcome.kind()) {
                    case REGISTERED -> registered++;
                    case CORRECTED -> corrected++;
                    case UNCHANGED -> unchanged++;
                }
                for (LearningDelivery aim : outcome.missingAims()) {
                    missing.add(new MissingAim(id.learnRefNumber().value(), aim.aimSeqNumber(), aim.swSupAimId(),
                            aim.learnAimRef()));
                }
                if (++done % 500 == 0) {
                    progress.recorded(done, total);
                }
            }
            notHeld = reader.notHeld();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("a file that passed its checks could not be read again", e);
        }
        progress.recorded(done, total);
        storeFindings(request, importId, refs, findings);
        List<MissingAim> sortedMissing = missing.stream()
                .sorted(Comparator.comparing(MissingAim::learnRefNumber)
                        .thenComparing(MissingAim::aimSeqNumber, Comparator.nullsLast(Integer::compare)))
                .toList();
        return new ImportResult(importId, sha.sha256(), request.fileName(), size, validation.schema().year(), total,
                registered, corrected, unchanged, sortedMissing, notHeld, findings.size(),
                findings.subList(0, Math.min(findings.size(), FINDINGS_LISTED)));
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
    private ImportOutcome send(ImportLearner command, int line) {
        String where = "learner " + command.learner().learnRefNumber().value() + " (line " + line + ")";
        try {
            return commands.sendAndWait(command);
        } catch (DomainProblem problem) {
            throw new DomainProblem(problem.kind(), problem.field(), problem.ruleId(),
                    where + ": " + problem.getMessage() + "; nothing was imported");
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " could not be recorded, so nothing was imported: " + e.getMessage(), e);
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
