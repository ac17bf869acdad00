package uk.ilrledger.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.query.export.IlrExportController;
import uk.ilrledger.query.export.SubmittedFiles.SubmittedFile;
import uk.ilrledger.query.returns.ReturnController;
import uk.ilrledger.query.returns.ReturnDiff;
import uk.ilrledger.query.returns.ReturnSnapshot;
import uk.ilrledger.query.returns.ReturnsInBackground;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A provider's R-return: who is in it and why (50 learners a page), what changed since another period or
 * a recorded submission with the history entries behind each difference (20 learners a page, only their
 * events read), the file, its submission. A return not kept is built in the background: when it is not
 * built within {@code ilr-ledger.screens.return-wait} the view answers at once that it is being prepared,
 * and that page shows the return once it is.
 */
@Controller
class ReturnScreenController {

    /** Learners a page of the diff shows, with every difference of each. */
    static final int DIFF_LEARNERS = 20;
    /** How often the page saying a return is being prepared asks whether it is built (htmx's interval). */
    static final String POLL_EVERY = "1s";

    private final ReturnController returns;
    private final IlrExportController export;
    private final LearnerDirectory learners;
    private final SubmissionsProjection submissions;
    private final Clock clock;
    private final ReturnsInBackground inBackground;
    private final Duration returnWait;

    ReturnScreenController(ReturnController returns, IlrExportController export, LearnerDirectory learners,
            SubmissionsProjection submissions, Clock clock, ReturnsInBackground inBackground,
            @Value("${ilr-ledger.screens.return-wait:200ms}") Duration returnWait) {
        this.returns = returns;
        this.inBackground = inBackground;
        this.returnWait = returnWait;
        this.submissions = submissions;
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
            @RequestParam(required = false) String against, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "1") int diffPage, Authentication user, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        if (!inBackground.ready(provider, collectionYear, returnPeriod, returnWait)) {
            return preparing(provider, collectionYear, returnPeriod, request, response, model);
        }
        ReturnSnapshot snapshot = returns.snapshot(ukprn, year, period, null).getBody();
        Page shown = Page.of(snapshot.learners().size(), page);
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("page", shown);
        model.addAttribute("rows", AimRow.of(snapshot.learners().subList(shown.from(), shown.to())));
        if (against != null && !against.isBlank()) {
            model.addAttribute("against", against.strip());
            ReturnDiff.Page differences = returns.diffPage(ukprn, year, period, against.strip(), diffPage,
                    DIFF_LEARNERS);
            model.addAttribute("diffPage", differences);
            model.addAttribute("diff", differences.diff());
        }
        model.addAttribute("periods", java.util.stream.IntStream.rangeClosed(1, 14)
                .mapToObj(n -> new ReturnPeriod(n).code()).filter(code -> !code.equals(period)).toList());
        model.addAttribute("submissions", submissions.submissions(Ukprn.parse(ukprn), CollectionYear.parse(year)));
        model.addAttribute("reader", Reader.of(user));
        model.addAttribute("path", path(ukprn, year, period));
        return "return";
    }

    /**
     * The page a view gets while its return is built in the background: the Return screen's title and
     * headings, what is being prepared, a status that says so, a plain link to look again, and an htmx
     * poll of {@link #preparation} that shows the return once it is built. 202: accepted, not done.
     */
    private String preparing(Ukprn ukprn, CollectionYear year, ReturnPeriod period, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String path = path(Integer.toString(ukprn.value()), year.code(), period.code());
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("ukprn", ukprn.value());
        model.addAttribute("year", year.code());
        model.addAttribute("period", period.code());
        model.addAttribute("lastDay", period.lastDay(year));
        model.addAttribute("learners", learners.count(ukprn.value()));
        model.addAttribute("refresh", request.getQueryString() == null ? path : path + "?" + request.getQueryString());
        model.addAttribute("poll", path + "/preparation");
        model.addAttribute("pollEvery", POLL_EVERY);
        return "return-preparing";
    }

    /**
     * What the preparing page polls: 204 while the return's build is under way; once it is not (built, or
     * failed), {@code HX-Refresh} so that the page is asked for again and shows the return (or the
     * failure, as the screen shows errors). Without htmx, a redirect to the return.
     */
    @GetMapping("/providers/{ukprn}/returns/{year}/{period}/preparation")
    ResponseEntity<Void> preparation(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestHeader(name = "HX-Request", required = false) String htmx) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        CacheControl noStore = CacheControl.noStore();
        if (inBackground.building(provider, collectionYear, returnPeriod)) {
            return ResponseEntity.noContent().cacheControl(noStore).build();
        }
        if ("true".equals(htmx)) {
            return ResponseEntity.ok().cacheControl(noStore).header("HX-Refresh", "true").build();
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).cacheControl(noStore)
                .location(URI.create(path(ukprn, collectionYear.code(), returnPeriod.code()))).build();
    }

    @GetMapping("/providers/{ukprn}/returns/{year}/{period}/ilr.xml")
    void file(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period, Authentication user,
            HttpServletResponse response) throws IOException {
        export.ilrXml(ukprn, year, period, null, false, user, response);
    }

    @PostMapping("/providers/{ukprn}/returns/{year}/{period}/submissions")
    String submit(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam String fileName, Authentication user, Model model) {
        SubmittedFile submitted = returns.submit(ukprn, year, period,
                new ReturnController.SubmissionRequest(fileName.strip(), null), user).getBody();
        return "redirect:" + path(ukprn, year, period) + "?submitted=" + submitted.submissionId();
    }

    /** One page of the return's learners: {@code from} inclusive, {@code to} exclusive. */
    record Page(int number, int pages, int from, int to, int learners) {
        static final int LEARNERS = 50;

        static Page of(int learners, int requested) {
            int pages = Math.max(1, (learners + LEARNERS - 1) / LEARNERS);
            int number = Math.min(Math.max(1, requested), pages);
            int from = (number - 1) * LEARNERS;
            return new Page(number, pages, from, Math.min(learners, from + LEARNERS), learners);
        }

        public boolean hasPrevious() {
            return number > 1;
        }

        public boolean hasNext() {
            return number < pages;
        }
    }

    /** One aim of the return and why it is there. */
    record AimRow(String learnRefNumber, String qaStatus, int aimSeqNumber, String learnAimRef, Integer compStatus,
            String reason) {
        static List<AimRow> of(List<ReturnSnapshot.Learner> learners) {
            List<AimRow> rows = new ArrayList<>();
            for (ReturnSnapshot.Learner learner : learners) {
                for (ReturnSnapshot.Inclusion inclusion : learner.inclusions()) {
                    LearningDelivery aim = learner.learner().aim(inclusion.swSupAimId()).orElse(null);
                    String reason = inclusion.inclusionReason().name() + (inclusion.forceIncludedBy() == null ? ""
                            : " by " + inclusion.forceIncludedBy() + ": " + inclusion.forceIncludeReason());
                    rows.add(new AimRow(learner.learner().learnRefNumber().value(),
                            String.valueOf(learner.qaStatus()), inclusion.aimSeqNumber(),
                            aim == null ? "" : aim.learnAimRef(), aim == null ? null : aim.compStatus(), reason));
                }
            }
            return rows;
        }
    }

    private static String path(String ukprn, String year, String period) {
        return UriComponentsBuilder.fromPath("/providers/{ukprn}/returns/{year}/{period}")
                .buildAndExpand(ukprn, year, period).encode().toUriString();
    }
}
