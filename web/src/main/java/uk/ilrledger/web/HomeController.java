package uk.ilrledger.web;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.query.returns.ReturnsCalendar;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/** What needs the signed-in user now. */
@Controller
class HomeController {

    static final List<String> PROCESSORS = List.of(CurrentIlrProjection.PROCESSING_GROUP,
            LearnerHistoryProjection.PROCESSING_GROUP, ChangeQueueProjection.PROCESSING_GROUP,
            LearnerEventLog.PROCESSING_GROUP, SubmissionsProjection.PROCESSING_GROUP);

    private final ChangeSearch changes;
    private final LearnerDirectory learners;
    private final ReturnsCalendar calendar;
    private final ProcessorsCaughtUp caughtUp;
    private final Clock clock;

    HomeController(ChangeSearch changes, LearnerDirectory learners, ReturnsCalendar calendar,
            ProcessorsCaughtUp caughtUp, Clock clock) {
        this.changes = changes;
        this.learners = learners;
        this.calendar = calendar;
        this.caughtUp = caughtUp;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(Authentication user, Model model) {
        Reader reader = Reader.of(user);
        model.addAttribute("reader", reader);
        if (reader.has("APPROVER")) {
            model.addAttribute("waiting", changes.page(ChangeSearch.Filter.waitingFor(reader.name()), reader, 1));
        }
        if (reader.has("RAISER")) {
            model.addAttribute("mine", changes.page(ChangeSearch.Filter.raisedBy(reader.name()), reader, 1));
        }
        model.addAttribute("returnsDue", returnsDue());
        model.addAttribute("findings", learners.findings(reader));
        model.addAttribute("behind", behind());
        return "home";
    }

    /** The next three return cut-offs from now, in this collection year and the next. */
    private List<ReturnDue> returnsDue() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        CollectionYear year = CollectionYear.containing(LocalDate.now(clock));
        return java.util.stream.Stream.of(year, new CollectionYear(year.startYear() + 1))
                .flatMap(y -> deadlines(y).stream().map(deadline -> new ReturnDue(y.toString(), deadline)))
                .filter(due -> due.deadline().cutOff().isAfter(now))
                .limit(3)
                .toList();
    }

    /** A year's deadlines, or none when the ledger has no calendar for it yet. */
    private List<ReturnsCalendar.Deadline> deadlines(CollectionYear year) {
        try {
            return calendar.year(year);
        } catch (DomainProblem unknownYear) {
            return List.of();
        }
    }

    record ReturnDue(String year, ReturnsCalendar.Deadline deadline) {
    }

    private List<ProcessorsBehind.Lag> behind() {
        try {
            caughtUp.await(PROCESSORS, Duration.ZERO, lags -> { });
            return List.of();
        } catch (ProcessorsBehind behind) {
            return behind.lags();
        }
    }
}
