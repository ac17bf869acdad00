package uk.ilrledger.query.returns;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.query.ReadResponses;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.query.export.IlrExports.PreparedExport;
import uk.ilrledger.query.export.SubmittedFiles;
import uk.ilrledger.query.export.SubmittedFiles.SubmittedFile;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * R-return snapshots, their submission (which freezes them), regeneration and diffs. Each waits until
 * the projections a return is read from have reached the store's head as it was when the request came,
 * and says that position in {@code ILR-Ledger-Store-Position}.
 */
@RestController
@RequestMapping("/api/providers/{ukprn}/returns")
public class ReturnController {

    private final ReturnSnapshots snapshots;
    private final CachedReturns cached;
    private final SubmissionsProjection submissions;
    private final ReturnsCalendar calendar;
    private final ProcessorsCaughtUp caughtUp;
    private final SubmittedFiles submittedFiles;

    public ReturnController(ReturnSnapshots snapshots, CachedReturns cached, SubmissionsProjection submissions,
            ReturnsCalendar calendar, ProcessorsCaughtUp caughtUp, SubmittedFiles submittedFiles) {
        this.caughtUp = caughtUp;
        this.snapshots = snapshots;
        this.cached = cached;
        this.submissions = submissions;
        this.calendar = calendar;
        this.submittedFiles = submittedFiles;
    }

    /** The year's returns: each period's last day of data and its cut-off (18:00 UK time). */
    @GetMapping("/{year}")
    public List<ReturnsCalendar.Deadline> calendar(@PathVariable String ukprn, @PathVariable String year) {
        Ukprn.parse(ukprn);
        return calendar.year(CollectionYear.parse(year));
    }

    @GetMapping("/{year}/{period}")
    @ApiResponse(responseCode = "200", description = "The return as the ledger would send it: learners and aims, each "
            + "with its inclusion reason")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public ResponseEntity<ReturnSnapshot> snapshot(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestParam(required = false) Instant asOf) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        return atStorePosition(storePosition).body(asOf == null
                ? cached.now(provider, collectionYear, returnPeriod, storePosition)
                : snapshots.asOf(provider, collectionYear, returnPeriod, asOf, storePosition));
    }

    /** The submitted file, named by either or both. */
    public record SubmissionRequest(String fileName, String sha256) {
    }

    /** Records that the ledger's exported file named in the body was submitted to the DfE: it is frozen as exported. */
    @PostMapping("/{year}/{period}/submissions")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "Recorded; `Location` is the submission")
    @ApiResponse(responseCode = "404", description = "The ledger exported no such file")
    @ApiResponse(responseCode = "409", description = "`fileName` and `sha256` name different files, the file is dated "
            + "before the last submitted one, or it is already recorded")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public ResponseEntity<SubmittedFile> submit(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestBody(required = false) SubmissionRequest request, Authentication user) {
        SubmissionRequest named = request != null ? request : new SubmissionRequest(null, null);
        // The file's content is fixed, but the aims it freezes feed every later return: the projections
        // those are read from must not be stuck or behind.
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        SubmittedFile submitted = submittedFiles.record(Ukprn.parse(ukprn), CollectionYear.parse(year),
                ReturnPeriod.parse(period), named.fileName(), named.sha256(), user.getName());
        return ResponseEntity.created(URI.create("/api/providers/" + ukprn + "/returns/" + year + "/" + period
                        + "/submissions/" + submitted.submissionId()))
                .header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition))
                .body(submitted);
    }

    public record Regenerated(Submission submission, boolean sameAsSubmitted, ReturnSnapshot snapshot) {
    }

    /**
     * A submitted return built again from what it was frozen on; {@code sameAsSubmitted} checks the
     * rebuilt file's SHA-256 (the return's, for submissions recorded before files were named).
     */
    @GetMapping("/{year}/{period}/submissions/{submissionId}")
    @ApiResponse(responseCode = "200", description = "The submission and the return it held")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public ResponseEntity<Regenerated> submission(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @PathVariable UUID submissionId) {
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        Submission submission = submission(ukprn, submissionId);
        ReturnSnapshot again = snapshots.submitted(submission);
        String sha256 = submission.fileName() != null ? submittedFiles.rebuiltSha256(submission) : again.sha256();
        return atStorePosition(storePosition).body(new Regenerated(submission, sha256.equals(submission.sha256()), again));
    }

    /** The submitted ILR file, rebuilt byte for byte, under its own name. */
    @GetMapping("/{year}/{period}/submissions/{submissionId}/ilr.xml")
    @ApiResponse(responseCode = "200", description = "The submitted file, the same bytes for ever, named by "
            + "`Content-Disposition`",
            content = @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")))
    public void submittedFile(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @PathVariable UUID submissionId, HttpServletResponse response) throws IOException {
        PreparedExport file = submittedFiles.file(submission(ukprn, submissionId));
        response.setContentType("application/xml;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(file.fileName()).build().toString());
        OutputStream body = response.getOutputStream();
        file.writeTo(body, written -> { });
        body.flush();
    }

    /**
     * This return as now against another period as now ({@code against=R05}) or against a submitted
     * return ({@code against=<submissionId>}), field by field, with the events that caused each difference.
     */
    @GetMapping("/{year}/{period}/diff")
    @ApiResponse(responseCode = "200", description = "What differs, field by field, with the events behind each "
            + "difference")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public ResponseEntity<ReturnDiff> diff(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestParam String against) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        Against other = against(provider, against);
        ReturnDiff diff = other.period() != null
                ? cached.diff(provider, collectionYear, returnPeriod, other.period(), storePosition)
                : cached.diff(provider, collectionYear, returnPeriod, other.submission(), storePosition);
        return atStorePosition(storePosition).body(diff);
    }

    /** What a return is compared with: another period of the same year as now, or a recorded submission. */
    public record Against(ReturnPeriod period, Submission submission) {
    }

    /**
     * The other side of a diff as {@code against} names it: a period (R01..R14) or the id of one of the
     * provider's recorded submissions; anything else is refused (400), an unknown submission is not found (404).
     * Asked after the read models have caught up, so that a submission just recorded is found.
     */
    public Against against(Ukprn ukprn, String against) {
        if (against.matches("R\\d\\d")) {
            return new Against(ReturnPeriod.parse(against), null);
        }
        UUID id;
        try {
            id = UUID.fromString(against);
        } catch (IllegalArgumentException e) {
            throw DomainProblem.invalid("against", "against is a period (R01..R14) or a submission id");
        }
        return new Against(null, submission(Integer.toString(ukprn.value()), id));
    }

    private static ResponseEntity.BodyBuilder atStorePosition(long storePosition) {
        return ResponseEntity.ok().header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition));
    }

    private Submission submission(String ukprn, UUID submissionId) {
        Submission submission = submissions.submission(submissionId)
                .orElseThrow(() -> DomainProblem.notFound("submissionId", "no submission " + submissionId));
        if (submission.ukprn() != Ukprn.parse(ukprn).value()) {
            throw DomainProblem.notFound("submissionId", "no submission " + submissionId + " for UKPRN " + ukprn);
        }
        return submission;
    }
}
