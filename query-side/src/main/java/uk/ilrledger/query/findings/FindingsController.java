package uk.ilrledger.query.findings;

import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * What the DfE's rules find in a return and in a learner's record, each finding with the event that
 * made it appear. Both wait, as returns do, until the projections they read have reached the store's
 * head as it was when the request came, and say that position in {@code ILR-Ledger-Store-Position}.
 */
@RestController
public class FindingsController {

    private final LedgerFindings findings;
    private final ProcessorsCaughtUp caughtUp;

    public FindingsController(LedgerFindings findings, ProcessorsCaughtUp caughtUp) {
        this.findings = findings;
        this.caughtUp = caughtUp;
    }

    @GetMapping("/api/providers/{ukprn}/returns/{year}/{period}/findings")
    public ResponseEntity<LedgerFindings.ReturnReport> ofReturn(@PathVariable String ukprn, @PathVariable String year,
            @PathVariable String period, @RequestParam(required = false) Instant asOf) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        return ResponseEntity.ok().header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition))
                .body(findings.ofReturn(provider, collectionYear, returnPeriod, asOf, storePosition));
    }

    /** The learner's record now or as known at {@code asOf}, judged by {@code year}'s rules (the year of that day by default). */
    @GetMapping("/api/providers/{ukprn}/learners/{learnRefNumber}/findings")
    public ResponseEntity<LedgerFindings.LearnerReport> ofLearner(@PathVariable String ukprn,
            @PathVariable String learnRefNumber, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) String year) {
        LearnerId learner = new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
        CollectionYear collectionYear = year == null ? null : CollectionYear.parse(year);
        long storePosition = caughtUp.await(List.of(LearnerEventLog.PROCESSING_GROUP));
        return ResponseEntity.ok().header(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(storePosition))
                .body(findings.learner(learner, asOf, collectionYear));
    }
}
