package uk.ilrledger.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import uk.ilrledger.query.export.IlrExportController;
import uk.ilrledger.query.export.SubmittedFiles.SubmittedFile;
import uk.ilrledger.query.returns.ReturnController;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;

/** A provider's R-return: who is in it and why, what changed since another period, the file, its submission. */
@Controller
class ReturnScreenController {

    private final ReturnController returns;
    private final IlrExportController export;
    private final LearnerDirectory learners;
    private final Clock clock;

    ReturnScreenController(ReturnController returns, IlrExportController export, LearnerDirectory learners,
            Clock clock) {
        this.returns = returns;
        this.export = export;
        this.learners = learners;
        this.clock = clock;
    }

    @GetMapping("/returns")
    String choose(@RequestParam(required = false) String ukprn, @RequestParam(required = false) String year,
            @RequestParam(required = false) String period, Authentication user, Model model) {
        if (ukprn != null && year != null && period != null) {
            return "redirect:" + path(ukprn, CollectionYear.parse(year).code(), ReturnPeriod.parse(period).code());
        }
        LocalDate today = LocalDate.now(clock);
        model.addAttribute("providers", learners.providers(Reader.of(user)));
        model.addAttribute("year", CollectionYear.containing(today).code());
        model.addAttribute("years", java.util.stream.IntStream.rangeClosed(0, 2)
                .mapToObj(back -> new CollectionYear(CollectionYear.containing(today).startYear() - back).code()).toList());
        model.addAttribute("periods", java.util.stream.IntStream.rangeClosed(1, 14)
                .mapToObj(n -> new ReturnPeriod(n).code()).toList());
        return "choose-return";
    }

    @GetMapping("/providers/{ukprn}/returns/{year}/{period}")
    String snapshot(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam(required = false) String against, Authentication user, Model model) {
        model.addAttribute("snapshot", returns.snapshot(ukprn, year, period, null).getBody());
        if (against != null && !against.isBlank()) {
            model.addAttribute("against", against.strip());
            model.addAttribute("diff", returns.diff(ukprn, year, period, against.strip()).getBody());
        }
        model.addAttribute("periods", java.util.stream.IntStream.rangeClosed(1, 14)
                .mapToObj(n -> new ReturnPeriod(n).code()).filter(code -> !code.equals(period)).toList());
        model.addAttribute("reader", Reader.of(user));
        model.addAttribute("path", path(ukprn, year, period));
        return "return";
    }

    @GetMapping("/providers/{ukprn}/returns/{year}/{period}/ilr.xml")
    void file(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period, Authentication user,
            HttpServletResponse response) throws IOException {
        export.ilrXml(ukprn, year, period, null, user, response);
    }

    @PostMapping("/providers/{ukprn}/returns/{year}/{period}/submissions")
    String submit(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam String fileName, Authentication user, Model model) {
        SubmittedFile submitted = returns.submit(ukprn, year, period,
                new ReturnController.SubmissionRequest(fileName.strip(), null), user).getBody();
        return "redirect:" + path(ukprn, year, period) + "?submitted=" + submitted.submissionId();
    }

    private static String path(String ukprn, String year, String period) {
        return UriComponentsBuilder.fromPath("/providers/{ukprn}/returns/{year}/{period}")
                .buildAndExpand(ukprn, year, period).encode().toUriString();
    }
}
