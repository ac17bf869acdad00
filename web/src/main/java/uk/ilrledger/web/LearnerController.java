package uk.ilrledger.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import uk.ilrledger.command.learner.LearnerCommandController;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.history.HistoryEntry;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.LearnerQueryController;
import uk.ilrledger.query.returns.ReturnsCalendar;
import uk.ilrledger.schemas.values.ChangeType;

/** Finding a learner, and one learner's record, as now or as at any moment, with every change behind it. */
@Controller
class LearnerController {

    /** The read models a learner's page shows: each has seen every event stored when the page is asked for. */
    static final List<String> LEARNER_SOURCES = List.of(CurrentIlrProjection.PROCESSING_GROUP,
            LearnerHistoryProjection.PROCESSING_GROUP, ChangeQueueProjection.PROCESSING_GROUP);

    private final LearnerDirectory directory;
    private final ProcessorsCaughtUp caughtUp;
    private final LearnerQueryController reads;
    private final LearnerCommandController commands;

    LearnerController(LearnerDirectory directory, LearnerQueryController reads, LearnerCommandController commands,
            ProcessorsCaughtUp caughtUp) {
        this.directory = directory;
        this.caughtUp = caughtUp;
        this.reads = reads;
        this.commands = commands;
    }

    @GetMapping("/learners")
    String find(@RequestParam(required = false) String q, Authentication user, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("found", q == null || q.isBlank() ? List.of() : directory.find(q, Reader.of(user), 50));
        return "learners";
    }

    /** Learners matching what has been typed so far, as the options of the learner field. */
    @GetMapping("/learners/matches")
    String matches(@RequestParam(required = false) String learnRefNumber, Authentication user, Model model) {
        model.addAttribute("found", learnRefNumber == null || learnRefNumber.isBlank() ? List.of()
                : directory.find(learnRefNumber, Reader.of(user), 20));
        return "learner-options :: options";
    }

    /**
     * The record as now; as the ledger knew it at {@code knownAt} (UK local time); or as in effect on
     * {@code effectiveOn}: the same reads as the API's.
     */
    @GetMapping("/providers/{ukprn}/learners/{ref}")
    String learner(@PathVariable String ukprn, @PathVariable String ref,
            @RequestParam(required = false) LocalDateTime knownAt, @RequestParam(required = false) LocalDate effectiveOn,
            Authentication user, Model model) {
        caughtUp.await(LEARNER_SOURCES);
        Instant asOf = knownAt == null ? null : knownAt.atZone(ReturnsCalendar.UK).toInstant();
        model.addAttribute("ukprn", ukprn);
        model.addAttribute("ref", ref);
        model.addAttribute("knownAt", knownAt);
        model.addAttribute("effectiveOn", effectiveOn);
        model.addAttribute("record", reads.learner(ukprn, ref, asOf, effectiveOn).getBody());
        List<HistoryEntry> newestFirst = new ArrayList<>(reads.history(ukprn, ref));
        Collections.reverse(newestFirst);
        model.addAttribute("history", newestFirst);
        model.addAttribute("qa", reads.qa(ukprn, ref));
        model.addAttribute("chain", commands.verification(ukprn, ref));
        model.addAttribute("reader", Reader.of(user));
        model.addAttribute("types", ChangeType.values());
        return "learner";
    }
}
