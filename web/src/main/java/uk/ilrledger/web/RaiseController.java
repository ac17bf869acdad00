package uk.ilrledger.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;
import uk.ilrledger.command.evidence.EvidenceStore;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.command.learner.LearnerCommandController;
import uk.ilrledger.command.learner.LearnerCommandController.RaiseChangeRequest;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Raising a change: choose the learner and type, fill in that type's fields with the rules checked as
 * they are typed, attach evidence, raise. The raise goes through the same endpoint code as the API.
 */
@Controller
class RaiseController {

    private final LearnerCommandController api;
    private final EvidenceStore evidence;
    private final CurrentIlrProjection currentIlr;
    private final LearnerDirectory learners;
    private final ChangeDryRun dryRun;
    private final ObjectMapper json;

    RaiseController(LearnerCommandController api, EvidenceStore evidence, CurrentIlrProjection currentIlr,
            LearnerDirectory learners, ChangeDryRun dryRun, StrictJson json) {
        this.api = api;
        this.evidence = evidence;
        this.currentIlr = currentIlr;
        this.learners = learners;
        this.dryRun = dryRun;
        this.json = json.mapper();
    }

    /** Step one: which learner and which kind of change. */
    @GetMapping("/changes/new")
    String choose(@RequestParam(required = false) String ukprn, @RequestParam(required = false) String learnRefNumber,
            @RequestParam(required = false) ChangeType type, Authentication user, Model model) {
        Reader reader = Reader.of(user);
        if (ukprn != null && learnRefNumber != null && !learnRefNumber.isBlank() && type != null) {
            return "redirect:" + UriComponentsBuilder.fromPath("/providers/{ukprn}/learners/{ref}/changes")
                    .queryParam("type", type).buildAndExpand(ukprn, learnRefNumber.strip()).encode().toUriString();
        }
        model.addAttribute("providers", learners.providers(reader));
        model.addAttribute("types", ChangeType.values());
        model.addAttribute("ukprn", ukprn);
        model.addAttribute("learnRefNumber", learnRefNumber);
        return "choose-change";
    }

    /** Step two: the form of one change type for one learner. */
    @GetMapping("/providers/{ukprn}/learners/{ref}/changes")
    String form(@PathVariable String ukprn, @PathVariable String ref, @RequestParam ChangeType type, Model model) {
        LearnerId learner = learner(ukprn, ref);
        fill(model, learner, type, Map.of(), List.of());
        return "raise-change";
    }

    /** The rule checks as the raiser types: the verdict fragment only. */
    @PostMapping("/providers/{ukprn}/learners/{ref}/rule-checks")
    String check(@PathVariable String ukprn, @PathVariable String ref, @RequestParam ChangeType type,
            @RequestParam MultiValueMap<String, String> form, Model model) {
        LearnerId learner = learner(ukprn, ref);
        ChangeDryRun.Verdict verdict;
        try {
            verdict = dryRun.check(learner, type, ChangeFields.values(type, form.toSingleValueMap(), json),
                    aims(form), date(form.getFirst("effectiveDate")));
        } catch (DomainProblem problem) {
            verdict = ChangeDryRun.Verdict.broken(problem);
        }
        model.addAttribute("verdict", verdict);
        return "raise-change :: verdict";
    }

    @PostMapping("/providers/{ukprn}/learners/{ref}/changes")
    String raise(@PathVariable String ukprn, @PathVariable String ref, @RequestParam ChangeType type,
            @RequestParam MultiValueMap<String, String> form, @RequestParam(required = false) MultipartFile file,
            Authentication user, Model model, HttpServletResponse response) throws IOException {
        LearnerId learner = learner(ukprn, ref);
        Map<String, String> entered = form.toSingleValueMap();
        try {
            ObjectNode values = ChangeFields.values(type, entered, json);
            if (file == null || file.isEmpty()) {
                throw DomainProblem.invalid("evidence", "attach the evidence for this change (PDF, image, text or e-mail)");
            }
            EvidenceId evidenceId = upload(file, user);
            String reason = entered.getOrDefault("reason", "");
            UUID changeId = api.raise(ukprn, ref, new RaiseChangeRequest(null, type, aims(form),
                    date(entered.get("effectiveDate")), values, reason, List.of(evidenceId)), user).getBody().changeId();
            return "redirect:/changes/" + changeId + "?raised";
        } catch (DomainProblem | CommandExecutionException failure) {
            DomainProblem problem = DomainProblems.cause(failure).orElseThrow(() -> failure);
            response.setStatus(problem.kind() == DomainProblem.Kind.CONFLICT ? 409 : 400);
            model.addAttribute("problem", problem);
            fill(model, learner, type, entered, aims(form));
            return "raise-change";
        }
    }

    private EvidenceId upload(MultipartFile file, Authentication user) throws IOException {
        try {
            return evidence.store(file.getBytes(), file.getOriginalFilename(), user.getName()).evidenceId();
        } catch (EvidenceStore.UnsupportedEvidenceType unsupported) {
            throw DomainProblem.invalid("evidence", unsupported.getMessage());
        }
    }

    private void fill(Model model, LearnerId learner, ChangeType type, Map<String, String> entered, List<String> aims) {
        IlrLearner record = currentIlr.find(learner)
                .orElseThrow(() -> new ScreenProblem("no learner " + learner.learnRefNumber()));
        model.addAttribute("learner", learner);
        model.addAttribute("record", record);
        model.addAttribute("type", type);
        model.addAttribute("types", ChangeType.values());
        model.addAttribute("fields", ChangeFields.of(type));
        model.addAttribute("entered", entered);
        model.addAttribute("chosenAims", aims);
    }

    private static List<String> aims(MultiValueMap<String, String> form) {
        List<String> aims = form.get("aims");
        return aims == null ? List.of() : aims.stream().filter(a -> !a.isBlank()).toList();
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw DomainProblem.invalid("effectiveDate", "the effective date must be a date (YYYY-MM-DD)");
        }
    }

    static LearnerId learner(String ukprn, String ref) {
        return new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(ref));
    }
}
