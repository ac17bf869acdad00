package uk.ilrledger.query.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.query.export.ExportedFiles.ExportedFile;
import uk.ilrledger.query.export.IlrExports.PreparedExport;
import uk.ilrledger.query.returns.ReturnSnapshot;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.returns.RecordSubmission;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A submission is a file the ledger exported and the provider uploaded to the DfE. The client names it
 * by its file name or by the SHA-256 of its bytes (or both, which must agree); the ledger finds its
 * record of the export, writes the file again from that record and records the submission with the
 * file's SHA-256, SerialNo, DateTime and store position, and the aims the file holds.
 */
@Component
public class SubmittedFiles {

    private static final Pattern FILE_NAME = Pattern.compile("ILR-\\d{8}-\\d{4}-\\d{8}-\\d{6}-\\d{2}\\.xml");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final IlrExports exports;
    private final ExportedFiles files;
    private final CommandGateway commands;

    public SubmittedFiles(IlrExports exports, ExportedFiles files, CommandGateway commands) {
        this.exports = exports;
        this.files = files;
        this.commands = commands;
    }

    /** A recorded submission: the file, its header and SHA-256, what it was built from, how many learners it holds. */
    public record SubmittedFile(UUID submissionId, String fileName, int serialNo, LocalDateTime dateTime,
            LocalDate filePreparationDate, String sha256, long position, Instant asOf, int learners) {
    }

    public SubmittedFile record(Ukprn ukprn, CollectionYear year, ReturnPeriod period, String fileName, String sha256,
            String submittedBy) {
        ExportedFile file = exported(ukprn, year, fileName, sha256);
        if (!file.period().equals(period.code())) {
            throw DomainProblem.conflict("period", file.fileName() + " holds the " + file.period() + " return, not "
                    + period.code());
        }
        if (file.filePreparationDate() == null) {
            throw DomainProblem.conflict("fileName", file.fileName() + " was exported before the ledger kept what each "
                    + "file is built from, so it cannot be rebuilt; export the return again and submit that file");
        }
        List<String> aims = new ArrayList<>();
        int[] learners = {0};
        String rebuilt = write(exports.rebuild(file.header(), period, file.position()), learner -> {
            learners[0]++;
            learner.inclusions().forEach(inclusion -> aims.add(inclusion.swSupAimId()));
        });
        if (file.sha256() != null && !file.sha256().equals(rebuilt)) {
            // The store or the writer changed what a position means: recording this would freeze the wrong bytes.
            throw new IllegalStateException(file.fileName() + " was exported with SHA-256 " + file.sha256()
                    + " but is rebuilt as " + rebuilt);
        }
        String claimed = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        if (claimed != null && !claimed.equals(rebuilt)) {
            throw DomainProblem.conflict("sha256", file.fileName() + " has SHA-256 " + rebuilt + ", not " + claimed);
        }
        UUID submissionId = UUID.randomUUID();
        commands.sendAndWait(new RecordSubmission(ukprn, year, period, submissionId, file.position(), file.asOf(),
                rebuilt, aims, submittedBy, file.fileName(), file.serialNo(), file.dateTime(),
                file.filePreparationDate()));
        return new SubmittedFile(submissionId, file.fileName(), file.serialNo(), file.dateTime(),
                file.filePreparationDate(), rebuilt, file.position(), file.asOf(), learners[0]);
    }

    /** The submitted file, ready to be written again byte for byte. */
    public PreparedExport file(Submission submission) {
        if (submission.fileName() == null) {
            throw DomainProblem.notFound("submissionId", "submission " + submission.submissionId()
                    + " was recorded before submissions named their file: it has no file to rebuild");
        }
        CollectionYear year = CollectionYear.parse(submission.year());
        IlrFileHeader header = new IlrFileHeader(IlrSchema.of(year), new Ukprn(submission.ukprn()),
                submission.filePreparationDate(), submission.serialNo(), submission.dateTime());
        return exports.rebuild(header, ReturnPeriod.parse(submission.period()), submission.position());
    }

    /** The SHA-256 of the submitted file as rebuilt now: equal to the recorded one unless something broke. */
    public String rebuiltSha256(Submission submission) {
        return write(file(submission), learner -> { });
    }

    private ExportedFile exported(Ukprn ukprn, CollectionYear year, String fileName, String sha256) {
        if (fileName == null && sha256 == null) {
            throw DomainProblem.invalid("fileName", "name the submitted file by its fileName "
                    + "(ILR-{UKPRN}-{YYYY}-{yyyyMMdd}-{HHmmss}-{NN}.xml), its sha256, or both");
        }
        if (sha256 != null && !SHA256.matcher(sha256.toLowerCase(Locale.ROOT)).matches()) {
            throw DomainProblem.invalid("sha256", "a SHA-256 is 64 hexadecimal digits");
        }
        if (fileName == null) {
            return files.withSha256(ukprn, year, sha256.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> DomainProblem.notFound("sha256", "the ledger exported no file with SHA-256 "
                            + sha256 + " for UKPRN " + ukprn + " in " + year));
        }
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw DomainProblem.invalid("fileName", "an ILR file is named ILR-{UKPRN}-{YYYY}-{yyyyMMdd}-{HHmmss}-{NN}.xml");
        }
        return files.named(ukprn, year, fileName)
                .orElseThrow(() -> DomainProblem.notFound("fileName", "the ledger exported no file " + fileName
                        + " for UKPRN " + ukprn + " in " + year));
    }

    private static String write(PreparedExport file, java.util.function.Consumer<ReturnSnapshot.Learner> learners) {
        try {
            return file.write(OutputStream.nullOutputStream(), written -> learners.accept(written.learner()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
