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
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.returns.RecordSubmission;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/** R-return snapshots, their submission (which freezes them), regeneration and diffs. */
@RestController
@RequestMapping("/api/providers/{ukprn}/returns")
public class ReturnController {

    private final ReturnSnapshots snapshots;
    private final ReturnDiffs diffs;
    private final SubmissionsProjection submissions;
    private final ReturnsCalendar calendar;
    private final CommandGateway commands;
    private final Clock clock;

    public ReturnController(ReturnSnapshots snapshots, ReturnDiffs diffs, SubmissionsProjection submissions,
            ReturnsCalendar calendar, CommandGateway commands, Clock clock) {
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
    public ReturnSnapshot snapshot(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam(required = false) Instant asOf) {
        return snapshots.asOf(Ukprn.parse(ukprn), CollectionYear.parse(year), ReturnPeriod.parse(period), asOf);
    }

    public record SubmissionAnswer(UUID submissionId, String sha256, long position, Instant asOf, int learners) {
    }

    /** Records that this return, as it is now, was submitted: its content and SHA-256 are frozen. */
    @PostMapping("/{year}/{period}/submissions")
    public ResponseEntity<SubmissionAnswer> submit(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, Authentication user) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        Instant asOf = clock.instant();
        ReturnSnapshot snapshot = snapshots.asOf(provider, collectionYear, returnPeriod, asOf);
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
                .body(new SubmissionAnswer(submissionId, snapshot.sha256(), snapshot.position(), asOf,
                        snapshot.learners().size()));
    }

    public record Regenerated(Submission submission, boolean sameAsSubmitted, ReturnSnapshot snapshot) {
    }

    /** A submitted return built again from what it was frozen on; {@code sameAsSubmitted} checks its SHA-256. */
    @GetMapping("/{year}/{period}/submissions/{submissionId}")
    public Regenerated submission(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @PathVariable UUID submissionId) {
        Submission submission = submission(ukprn, submissionId);
        ReturnSnapshot again = snapshots.submitted(submission);
        return new Regenerated(submission, again.sha256().equals(submission.sha256()), again);
    }

    /**
     * This return as now against another period as now ({@code against=R05}) or against a submitted
     * return ({@code against=<submissionId>}), field by field, with the events that caused each difference.
     */
    @GetMapping("/{year}/{period}/diff")
    public ReturnDiff diff(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam String against) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnSnapshot now = snapshots.asOf(provider, collectionYear, ReturnPeriod.parse(period), null);
        ReturnSnapshot other;
        if (against.matches("R\\d\\d")) {
            other = snapshots.asOf(provider, collectionYear, ReturnPeriod.parse(against), null);
        } else {
            UUID id;
            try {
                id = UUID.fromString(against);
            } catch (IllegalArgumentException e) {
                throw DomainProblem.invalid("against", "against is a period (R01..R14) or a submission id");
            }
            other = snapshots.submitted(submission(ukprn, id));
        }
        return diffs.between(other, now);
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
