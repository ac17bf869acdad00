package uk.ilrledger.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.Ukprn;

/** The caseload month by month through a collection year, of every provider the reader sees or of one, as a chart and as a table. */
@Controller
class CaseloadController {

    private final LearnerDirectory learners;
    private final Clock clock;

    CaseloadController(LearnerDirectory learners, Clock clock) {
        this.learners = learners;
        this.clock = clock;
    }

    @GetMapping("/caseload")
    String caseload(@RequestParam(required = false) String year, @RequestParam(required = false) String ukprn,
            Authentication user, Model model) {
        LocalDate today = LocalDate.now(clock);
        CollectionYear collectionYear = year == null || year.isBlank() ? CollectionYear.containing(today)
                : CollectionYear.parse(year);
        YearMonth from = YearMonth.from(collectionYear.firstDay());
        YearMonth last = YearMonth.from(collectionYear.lastDay());
        YearMonth to = last.isAfter(YearMonth.from(today)) ? YearMonth.from(today) : last;
        model.addAttribute("year", collectionYear.code());
        Integer provider = ukprn == null || ukprn.isBlank() ? null : Ukprn.parse(ukprn.strip()).value();
        model.addAttribute("ukprn", provider);
        model.addAttribute("providers", learners.providers(Reader.of(user)));
        model.addAttribute("caseload", Caseload.of(learners.programmeAims(Reader.of(user), provider), from, to));
        model.addAttribute("standings", Caseload.Standing.values());
        return "caseload";
    }
}
