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
import java.util.Optional;
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
import org.springframework.web.servlet.ModelAndView;
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
 * events read), the file, its submission. No return is built in a view: a return not kept, or kept but not
 * current (a new day, anything recorded since), is built or brought up to date in the background
 * ({@link ReturnsInBackground}); when that takes longer than {@link ReturnWait} the view answers at once
 * that it is being prepared, and that page shows the return once it is. The other side of a diff likewise:
 * the return shows, and its differences section says the comparison is being prepared until it is.
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
    private final ReturnWait returnWait;

    ReturnScreenController(ReturnController returns, IlrExportController export, LearnerDirectory learners,
            SubmissionsProjection submissions, Clock clock, ReturnsInBackground inBackground, ReturnWait returnWait) {
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
        long storePosition = inBackground.caughtUp();
        String compared = against == null || against.isBlank() ? null : against.strip();
        ReturnController.Against other = compared == null ? null : returns.against(provider, compared);
        Duration wait = returnWait.get();
        long deadline = System.nanoTime() + wait.toNanos();
        if (other != null) {
            // Under way beside the return's own build, if that is needed too.
            inBackground.prepareOther(provider, collectionYear, other, storePosition);
        }
        Optional<ReturnSnapshot> current = inBackground.now(provider, collectionYear, returnPeriod, storePosition,
                wait);
        if (current.isEmpty()) {
            return preparing(provider, collectionYear, returnPeriod, request, response, model);
        }
        ReturnSnapshot snapshot = current.get();
        String path = path(ukprn, year, period);
        Page shown = Page.of(snapshot.learners().size(), page);
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("ukprn", snapshot.ukprn());
        model.addAttribute("page", shown);
        model.addAttribute("rows", AimRow.of(snapshot.learners().subList(shown.from(), shown.to())));
        if (other != null) {
            model.addAttribute("against", compared);
            model.addAttribute("comparedWith", comparedWith(other));
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Optional<ReturnDiff.Page> differences = inBackground.diffPage(provider, collectionYear, returnPeriod, other,
                    storePosition, diffPage, DIFF_LEARNERS, left);
            if (differences.isPresent()) {
                model.addAttribute("diffPage", differences.get());
                model.addAttribute("diff", differences.get().diff());
            } else {
                model.addAttribute("diffPreparing", true);
                model.addAttribute("diffPoll", UriComponentsBuilder.fromPath(path + "/differences")
                        .queryParam("against", compared).queryParam("diffPage", diffPage).encode().toUriString());
                model.addAttribute("diffRefresh", request.getQueryString() == null ? path
                        : path + "?" + request.getQueryString());
                model.addAttribute("pollEvery", POLL_EVERY);
            }
        }
        model.addAttribute("periods", java.util.stream.IntStream.rangeClosed(1, 14)
                .mapToObj(n -> new ReturnPeriod(n).code()).filter(code -> !code.equals(period)).toList());
        model.addAttribute("submissions", submissions.submissions(provider, collectionYear));
        model.addAttribute("reader", Reader.of(user));
        model.addAttribute("path", path);
        return "return";
    }

    /**
     * What the return page's differences being prepared poll: 204 while the other side's build (or the
     * return's own) is under way; then the differences, to take the place of the status on the page, when both
     * returns are kept and current; otherwise ({@code HX-Refresh}) the page is asked for again, which tells a
     * build that failed as the screen tells errors, or prepares what was recorded since. Without htmx, a
     * redirect to the page.
     */
    @GetMapping("/providers/{ukprn}/returns/{year}/{period}/differences")
    ModelAndView differences(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam String against, @RequestParam(defaultValue = "1") int diffPage,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response) {
        Ukprn provider = Ukprn.parse(ukprn);
        CollectionYear collectionYear = CollectionYear.parse(year);
        ReturnPeriod returnPeriod = ReturnPeriod.parse(period);
        long storePosition = inBackground.caughtUp();
        String compared = against.strip();
        ReturnController.Against other = returns.against(provider, compared);
        String path = path(ukprn, collectionYear.code(), returnPeriod.code());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (inBackground.building(provider, collectionYear, other)
                || inBackground.building(provider, collectionYear, returnPeriod)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        if (!"true".equals(htmx)) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader(HttpHeaders.LOCATION, UriComponentsBuilder.fromPath(path)
                    .queryParam("against", compared).queryParam("diffPage", diffPage).encode().toUriString());
            return null;
        }
        Optional<ReturnDiff.Page> differences = inBackground.keptDiffPage(provider, collectionYear, returnPeriod,
                other, storePosition, diffPage, DIFF_LEARNERS);
        if (differences.isEmpty()) {
            response.setHeader("HX-Refresh", "true");
            return null;
        }
        ModelAndView shown = new ModelAndView("return-differences");
        shown.addObject("ukprn", provider.value());
        shown.addObject("path", path);
        shown.addObject("against", compared);
        shown.addObject("comparedWith", comparedWith(other));
        shown.addObject("diffPage", differences.get());
        shown.addObject("diff", differences.get().diff());
        shown.addObject("shownByPoll", true);
        return shown;
    }

    /** How the page names what the return is compared with. */
    private static String comparedWith(ReturnController.Against other) {
        if (other.period() != null) {
            return other.period().code();
        }
        return other.submission().period() + " as submitted by " + other.submission().submittedBy();
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
