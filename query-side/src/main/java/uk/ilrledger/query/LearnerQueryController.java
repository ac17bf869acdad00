package uk.ilrledger.query;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.changequeue.LearnerQa;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.projections.history.HistoryEntry;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.audit.LearnerReads;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A learner's current ILR, audit history and QA status. Provider access is checked before these run;
 * reads of the ILR and the history are recorded in {@link LearnerReads} for the users it audits.
 */
@RestController
@RequestMapping("/api/providers/{ukprn}/learners/{learnRefNumber}")
public class LearnerQueryController {

    private final CurrentIlrProjection currentIlr;
    private final LearnerHistoryProjection history;
    private final ChangeQueueProjection queue;
    private final LearnerEventLog log;
    private final ProcessorsCaughtUp caughtUp;
    private final LearnerReads reads;

    public LearnerQueryController(CurrentIlrProjection currentIlr, LearnerHistoryProjection history,
            ChangeQueueProjection queue, LearnerEventLog log, ProcessorsCaughtUp caughtUp, LearnerReads reads) {
        this.reads = reads;
        this.caughtUp = caughtUp;
        this.log = log;
        this.queue = queue;
        this.currentIlr = currentIlr;
        this.history = history;
    }

    /**
     * The learner's ILR now; as the ledger knew it at {@code asOf} (recorded time); or as in effect on
     * {@code effectiveOn} (changes taking effect later left out, aims not yet started dropped), both
     * computed with the same fold as the current ILR. Waits for the read model to reach the store's
     * head first, so a client reads what it has just written (approvals included).
     */
    @GetMapping
    @ApiResponse(responseCode = "200", description = "The learner's ILR now, as known at `asOf`, or as in effect on "
            + "`effectiveOn`")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public ResponseEntity<IlrLearner> learner(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            @RequestParam(required = false) Instant asOf, @RequestParam(required = false) LocalDate effectiveOn) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
        boolean current = asOf == null && effectiveOn == null;
        long storePosition = caughtUp.await(List.of(current ? CurrentIlrProjection.PROCESSING_GROUP
                : LearnerEventLog.PROCESSING_GROUP));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition));
        if (current) {
            IlrLearner record = currentIlr.find(learner).orElseThrow(() -> unknown(learner));
            reads.read(learner, LearnerReads.What.ILR, null, null, storePosition);
            return answer.body(record);
        }
        List<LoggedEvent> events = log.learner(learner, asOf);
        IlrLearner record = effectiveOn == null
                ? IlrFold.replay(events.stream().map(LoggedEvent::event).toList())
                : ReturnSnapshots.effectiveOn(events, effectiveOn);
        if (record == null) {
            throw DomainProblem.notFound("learnRefNumber", asOf == null ? "no learner " + learnRefNumber
                    + " at UKPRN " + ukprn : "learner " + learnRefNumber + " was not known at " + asOf);
        }
        reads.read(learner, LearnerReads.What.ILR, asOf, effectiveOn, storePosition);
        return answer.body(record);
    }

    /** Who changed what, when and why; waits like the ILR read, so a change just approved is in it. */
    @GetMapping("/history")
    @ApiResponse(responseCode = "200", description = "Every change of the learner, oldest first: who raised and "
            + "decided it, when, why, its evidence and each field old → new")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public List<HistoryEntry> history(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
        long storePosition = caughtUp.await(List.of(LearnerHistoryProjection.PROCESSING_GROUP));
        List<HistoryEntry> entries = history.history(learner);
        if (entries.isEmpty()) {
            throw unknown(learner);
        }
        reads.read(learner, LearnerReads.What.HISTORY, null, null, storePosition);
        return entries;
    }

    @GetMapping("/qa")
    @ApiResponse(responseCode = "200", description = "The learner's QA status")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public LearnerQa qa(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
        caughtUp.await(List.of(ChangeQueueProjection.PROCESSING_GROUP));
        return queue.qa(learner).orElseThrow(() -> unknown(learner));
    }

    private static LearnerId learnerId(String ukprn, String learnRefNumber) {
        return new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
    }

    private static DomainProblem unknown(LearnerId learner) {
        return DomainProblem.notFound("learnRefNumber",
                "no learner " + learner.learnRefNumber() + " at UKPRN " + learner.ukprn());
    }
}
