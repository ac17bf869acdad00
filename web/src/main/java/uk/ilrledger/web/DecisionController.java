package uk.ilrledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.ilrledger.command.evidence.EvidenceStore;
import uk.ilrledger.command.evidence.StoredEvidence;
import uk.ilrledger.command.learner.LearnerCommandController;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.changequeue.ChangeRequestView;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EvidenceId;

/**
 * One change request: what it proposes beside the learner's record as it stands, the evidence shown in
 * the page, and the approve or reject decision through the same endpoint code as the API.
 */
@Controller
class DecisionController {

    private final ChangeQueueProjection queue;
    private final CurrentIlrProjection currentIlr;
    private final EvidenceStore evidence;
    private final EvidenceContent evidenceContent;
    private final LearnerCommandController api;
    private final ProcessorsCaughtUp caughtUp;

    DecisionController(ChangeQueueProjection queue, CurrentIlrProjection currentIlr, EvidenceStore evidence,
            EvidenceContent evidenceContent, LearnerCommandController api, ProcessorsCaughtUp caughtUp) {
        this.queue = queue;
        this.currentIlr = currentIlr;
        this.evidence = evidence;
        this.evidenceContent = evidenceContent;
        this.api = api;
        this.caughtUp = caughtUp;
    }

    /** A proposed field beside its value now on each aim the change concerns. */
    record Proposed(String field, String aim, String now, String proposed) {
    }

    @GetMapping("/changes/{changeId}")
    String change(@PathVariable UUID changeId, Authentication user, Model model) {
        caughtUp.await(List.of(ChangeQueueProjection.PROCESSING_GROUP, CurrentIlrProjection.PROCESSING_GROUP));
        ChangeRequestView change = visible(changeId, Reader.of(user));
        model.addAttribute("change", change);
        model.addAttribute("reader", Reader.of(user));
        model.addAttribute("ownChange", change.raisedBy().equals(user.getName()));
        IlrLearner record = currentIlr.find(RaiseController.learner(Integer.toString(change.ukprn()),
                change.learnRefNumber())).orElse(null);
        model.addAttribute("record", record);
        model.addAttribute("proposed", record == null ? List.of() : proposed(change, record));
        model.addAttribute("evidence", change.evidence().stream()
                .map(id -> evidence.find(new EvidenceId(id)).orElse(null)).filter(Objects::nonNull).toList());
        return "change";
    }

    @PostMapping("/changes/{changeId}/decision")
    String decide(@PathVariable UUID changeId, @RequestParam String decision,
            @RequestParam(required = false) String comment, Authentication user, Model model,
            HttpServletResponse response) {
        visible(changeId, Reader.of(user));
        try {
            if ("approve".equals(decision)) {
                api.approve(changeId, new LearnerCommandController.ApprovalRequest(blankToNull(comment)), user);
            } else if ("reject".equals(decision)) {
                api.reject(changeId, new LearnerCommandController.RejectionRequest(comment), user);
            } else {
                throw DomainProblem.invalid("decision", "the decision is approve or reject");
            }
        } catch (DomainProblem | CommandExecutionException failure) {
            DomainProblem problem = DomainProblems.cause(failure).orElseThrow(() -> failure);
            String page = change(changeId, user, model);
            response.setStatus(problem.kind() == DomainProblem.Kind.CONFLICT ? 409
                    : problem.kind() == DomainProblem.Kind.FORBIDDEN ? 403 : 400);
            model.addAttribute("problem", problem);
            model.addAttribute("comment", comment);
            return page;
        }
        return "redirect:/changes/" + changeId + "?decided";
    }

    /** An evidence file of the change, served for viewing in the page. */
    @GetMapping("/changes/{changeId}/evidence/{evidenceId}")
    ResponseEntity<byte[]> evidence(@PathVariable UUID changeId, @PathVariable String evidenceId, Authentication user) {
        ChangeRequestView change = visible(changeId, Reader.of(user));
        if (!change.evidence().contains(evidenceId)) {
            throw new ScreenProblem("change " + changeId + " cites no evidence " + evidenceId);
        }
        EvidenceId id = new EvidenceId(evidenceId);
        StoredEvidence stored = evidence.find(id).orElseThrow(() -> new ScreenProblem("no evidence " + evidenceId));
        MediaType type = MediaType.parseMediaType(stored.mediaType());
        boolean inline = type.isCompatibleWith(MediaType.APPLICATION_PDF) || "image".equals(type.getType())
                || "text".equals(type.getType()) || "message".equals(type.getType());
        // E-mail is shown as the text it is; nothing the browser could run is served inline.
        MediaType served = "text".equals(type.getType()) || "message".equals(type.getType())
                ? new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8) : type;
        return ResponseEntity.ok()
                .contentType(served)
                .header(HttpHeaders.CONTENT_DISPOSITION, (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(stored.fileName()).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(evidenceContent.content(id));
    }

    private ChangeRequestView visible(UUID changeId, Reader reader) {
        return queue.find(changeId).filter(change -> reader.allows(change.ukprn()))
                .orElseThrow(() -> new ScreenProblem("no change " + changeId));
    }

    private static List<Proposed> proposed(ChangeRequestView change, IlrLearner record) {
        List<Proposed> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> values = change.values().fields(); values.hasNext(); ) {
            Map.Entry<String, JsonNode> value = values.next();
            String proposed = value.getValue().isValueNode() ? value.getValue().asText() : value.getValue().toString();
            for (String aimId : change.aims()) {
                LearningDelivery aim = record.aim(aimId).orElse(null);
                Map<String, Object> now = aim == null ? Map.of() : aim.fields();
                String label = aim == null ? aimId : aim.learnAimRef() + " (AimSeqNumber " + aim.aimSeqNumber() + ")";
                String current = now.containsKey(value.getKey()) ? Objects.toString(now.get(value.getKey()), "—")
                        : record.fields().containsKey(value.getKey())
                        ? Objects.toString(record.fields().get(value.getKey()), "—") : "—";
                rows.add(new Proposed(value.getKey(), label, current, proposed));
            }
        }
        return rows;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
