package uk.ilrledger.query.returns;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.returns.RecordSubmission;
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
    private final ReturnDiffs diffs;
    private final SubmissionsProjection submissions;
    private final ReturnsCalendar calendar;
    private final CommandGateway commands;
    private final ProcessorsCaughtUp caughtUp;
    private final Clock clock;

    public ReturnController(ReturnSnapshots snapshots, ReturnDiffs diffs, SubmissionsProjection submissions,
            ReturnsCalendar calendar, CommandGateway commands, ProcessorsCaughtUp caughtUp, Clock clock) {
        this.caughtUp = caughtUp;
        this.clock = clock;
        this.snapshots = snapshots;
        this.diffs = diffs;
        this.submissions = submissions;
        this.calendar = calendar;
        this.commands = commands;
    }

    /** The year's returns: each period's last day of data and its cut-off (18:00 UK time). */
    @GetMapping("/{year}")
    public List<ReturnsCalendar.Deadline> calendar(@PathVariable String ukprn, @PathVariable String year) {
        Ukprn.parse(ukprn);
        return calendar.year(CollectionYear.parse(year));
    }

    @GetMapping("/{year}/{period}")
    public ResponseEntity<ReturnSnapshot> snapshot(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestParam(required = false) Instant asOf) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        return atStorePosition(storePosition).body(snapshots.asOf(provider, collectionYear, returnPeriod, asOf,
                storePosition));
    }

    /** {@code storePosition}: the head of the store when the return was taken; it holds everything up to it. */
    public record SubmissionAnswer(UUID submissionId, String sha256, long position, Instant asOf, int learners,
            long storePosition) {
    }

    /** Records that this return, as it is now, was submitted: its content and SHA-256 are frozen. */
    @PostMapping("/{year}/{period}/submissions")
    public ResponseEntity<SubmissionAnswer> submit(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, Authentication user) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        Instant asOf = clock.instant();
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        ReturnSnapshot snapshot = snapshots.asOf(provider, collectionYear, returnPeriod, asOf, storePosition);
        if (snapshot.learners().isEmpty()) {
            throw DomainProblem.conflict("period", "the return holds no learner; the DfE refuses an empty file");
        }
        UUID submissionId = UUID.randomUUID();
        List<String> aims = snapshot.learners().stream()
                .flatMap(l -> l.inclusions().stream().map(ReturnSnapshot.Inclusion::swSupAimId)).toList();
        commands.sendAndWait(new RecordSubmission(provider, collectionYear, returnPeriod, submissionId,
                snapshot.position(), asOf, snapshot.sha256(), aims, user.getName()));
        return ResponseEntity.created(URI.create("/api/providers/" + ukprn + "/returns/" + year + "/" + period
                        + "/submissions/" + submissionId))
                .header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition))
                .body(new SubmissionAnswer(submissionId, snapshot.sha256(), snapshot.position(), asOf,
                        snapshot.learners().size(), storePosition));
    }

    public record Regenerated(Submission submission, boolean sameAsSubmitted, ReturnSnapshot snapshot) {
    }

    /** A submitted return built again from what it was frozen on; {@code sameAsSubmitted} checks its SHA-256. */
    @GetMapping("/{year}/{period}/submissions/{submissionId}")
    public ResponseEntity<Regenerated> submission(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @PathVariable UUID submissionId) {
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        Submission submission = submission(ukprn, submissionId);
        ReturnSnapshot again = snapshots.submitted(submission);
        return atStorePosition(storePosition)
                .body(new Regenerated(submission, again.sha256().equals(submission.sha256()), again));
    }

    /**
     * This return as now against another period as now ({@code against=R05}) or against a submitted
     * return ({@code against=<submissionId>}), field by field, with the events that caused each difference.
     */
    @GetMapping("/{year}/{period}/diff")
    public ResponseEntity<ReturnDiff> diff(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestParam String against) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        ReturnSnapshot now = snapshots.asOf(provider, collectionYear, returnPeriod, null, storePosition);
        ReturnSnapshot other;
        if (against.matches("R\\d\\d")) {
            other = snapshots.asOf(provider, collectionYear, ReturnPeriod.parse(against), null, storePosition);
        } else {
            UUID id;
            try {
                id = UUID.fromString(against);
            } catch (IllegalArgumentException e) {
                throw DomainProblem.invalid("against", "against is a period (R01..R14) or a submission id");
            }
            other = snapshots.submitted(submission(ukprn, id));
        }
        return atStorePosition(storePosition).body(diffs.between(other, now));
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
