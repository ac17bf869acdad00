package uk.ilrledger.query;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.changequeue.LearnerQa;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.history.HistoryEntry;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/** A learner's current ILR, audit history and QA status. Provider access is checked before these run. */
@RestController
@RequestMapping("/api/providers/{ukprn}/learners/{learnRefNumber}")
public class LearnerQueryController {

    private final CurrentIlrProjection currentIlr;
    private final LearnerHistoryProjection history;
    private final ChangeQueueProjection queue;

    public LearnerQueryController(CurrentIlrProjection currentIlr, LearnerHistoryProjection history,
            ChangeQueueProjection queue) {
        this.queue = queue;
        this.currentIlr = currentIlr;
        this.history = history;
    }

    @GetMapping
    public IlrLearner learner(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
        return currentIlr.find(learner).orElseThrow(() -> unknown(learner));
    }

    @GetMapping("/history")
    public List<HistoryEntry> history(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
        List<HistoryEntry> entries = history.history(learner);
        if (entries.isEmpty()) {
            throw unknown(learner);
        }
        return entries;
    }

    @GetMapping("/qa")
    public LearnerQa qa(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = learnerId(ukprn, learnRefNumber);
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
