package uk.ilrledger.command.learner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.command.chain.ChainVerification;
import uk.ilrledger.command.chain.ChainVerifier;
import uk.ilrledger.command.changes.ChangeIndex;
import uk.ilrledger.command.evidence.EvidenceStore;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveChange;
import uk.ilrledger.schemas.learner.LearnerCommand.MarkQaVerified;
import uk.ilrledger.schemas.learner.LearnerCommand.RaiseChange;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RejectChange;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.QaStatus;
import uk.ilrledger.schemas.values.Ukprn;

/** Writes: registering learners, raising changes and deciding them. Every write becomes a command. */
@RestController
@RequestMapping("/api")
public class LearnerCommandController {

    private final CommandGateway commands;
    private final ChangeIndex changeIndex;
    private final EvidenceStore evidence;
    private final ObjectMapper json;
    private final ChainVerifier chain;
    private final LearnerChecks learnerChecks;
    private final ChangeRules changeRules;
    private final int maxTextLength;

    public LearnerCommandController(CommandGateway commands, ChangeIndex changeIndex, EvidenceStore evidence,
            StrictJson json, ChainVerifier chain, LearnerChecks learnerChecks, ChangeRules changeRules,
            @Value("${ilr-ledger.changes.max-text-length:4000}") int maxTextLength) {
        this.chain = chain;
        this.commands = commands;
        this.changeIndex = changeIndex;
        this.evidence = evidence;
        this.json = json.mapper();
        this.learnerChecks = learnerChecks;
        this.changeRules = changeRules;
        this.maxTextLength = maxTextLength;
    }

    /** The body of a change request; {@code values} holds the ILR fields of the change's type. */
    public record RaiseChangeRequest(UUID changeId, ChangeType type, List<String> aims, LocalDate effectiveDate,
            ObjectNode values, String reason, List<EvidenceId> evidence) {
    }

    public record ChangeAnswer(UUID changeId, ChangeStatus status) {
    }

    public record ApprovalRequest(String comment) {
    }

    public record RejectionRequest(String reason) {
    }

    @PostMapping("/providers/{ukprn}/learners")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "Registered; `Location` is the learner")
    @ApiResponse(responseCode = "409", description = "The learner is already registered differently, or another "
            + "request changed the learner at the same moment (retry)")
    public ResponseEntity<IlrLearner> register(@PathVariable String ukprn, @RequestBody IlrLearner learner,
            Authentication user) {
        LearnerId id = new LearnerId(Ukprn.parse(ukprn), learner.learnRefNumber());
        learnerChecks.require(learner);
        IlrLearner registered = commands.sendAndWait(new RegisterLearner(id, learner, user.getName()));
        return ResponseEntity.created(URI.create("/api/providers/" + ukprn + "/learners/" + id.learnRefNumber()))
                .body(registered);
    }

    @PostMapping("/providers/{ukprn}/learners/{learnRefNumber}/changes")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "Raised, or the same `changeId` raised before with the same "
            + "content; `Location` is the change")
    @ApiResponse(responseCode = "409", description = "The change dates into a closed year (`LDG_YearClosed`), its "
            + "`changeId` was used for other content or another learner, or another request changed the learner at "
            + "the same moment (retry)")
    public ResponseEntity<ChangeAnswer> raise(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            @RequestBody RaiseChangeRequest request, Authentication user) {
        LearnerId learner = new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
        ChangeType type = required(request.type(), "type");
        changeRules.of(type); // a type with no rules of its own is refused here, naming type
        LocalDate effectiveDate = required(request.effectiveDate(), "effectiveDate");
        String reason = text("reason", required(request.reason(), "reason"));
        if (reason.isBlank()) {
            throw DomainProblem.invalid("reason", "a change needs a reason");
        }
        if (request.values() != null) {
            texts("values", request.values());
        }
        List<EvidenceId> evidenceIds = Objects.requireNonNullElse(request.evidence(), List.of());
        if (evidenceIds.isEmpty()) {
            throw DomainProblem.invalid("evidence", "a change needs at least one evidence file");
        }
        evidence.requireAll(evidenceIds);
        UUID changeId = request.changeId() != null ? request.changeId() : UUID.randomUUID();
        changeIndex.learnerOf(changeId).filter(owner -> !owner.equals(learner)).ifPresent(owner -> {
            throw DomainProblem.conflict("changeId", "change " + changeId + " belongs to another learner");
        });
        ChangeProposal proposal = proposal(type, request.values());
        agrees(proposal, effectiveDate);
        RaiseChange command = new RaiseChange(learner, changeId, proposal,
                Objects.requireNonNullElse(request.aims(), List.of()), effectiveDate, reason, evidenceIds,
                user.getName());
        UUID raised = commands.sendAndWait(command);
        return ResponseEntity.created(URI.create("/api/changes/" + raised)).body(new ChangeAnswer(raised, ChangeStatus.RAISED));
    }

    public record QaAnswer(String learnRefNumber, QaStatus qaStatus) {
    }

    public record QaRequest(String comment) {
    }

    /** An approver marks the learner's record QA-verified as it stands; a later approved change undoes it. */
    @PostMapping("/providers/{ukprn}/learners/{learnRefNumber}/qa-verification")
    @ApiResponse(responseCode = "200", description = "Marked QA-verified")
    @ApiResponse(responseCode = "409", description = "The learner is already QA-verified and unchanged since, or "
            + "another request changed it at the same moment (retry)")
    public QaAnswer verifyQa(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            @RequestBody(required = false) QaRequest request, Authentication user) {
        LearnerId learner = new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
        QaStatus status = commands.sendAndWait(new MarkQaVerified(learner, user.getName(),
                request == null ? null : text("comment", request.comment())));
        return new QaAnswer(learnRefNumber, status);
    }

    /** Recomputes the learner's hash chain: intact, or the first event that was altered, added or removed. */
    @GetMapping("/providers/{ukprn}/learners/{learnRefNumber}/verification")
    public ChainVerification verification(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        LearnerId learner = new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
        ChainVerification verification = chain.verify(learner);
        // No events and nothing anchored: no such learner. Anchored but gone is a broken chain, not a 404.
        if (verification.events() == 0 && verification.intact()) {
            throw DomainProblem.notFound("learnRefNumber", "no learner " + learnRefNumber + " at UKPRN " + ukprn);
        }
        return verification;
    }

    @PostMapping("/changes/{changeId}/approval")
    @ApiResponse(responseCode = "200", description = "Approved and applied to the learner's ILR")
    @ApiResponse(responseCode = "403", description = "The caller raised the change (four eyes), or is not granted its "
            + "provider")
    @ApiResponse(responseCode = "409", description = "The change is already decided, dates into a closed year "
            + "(`LDG_YearClosed`), or another request changed the learner at the same moment (retry)")
    public ChangeAnswer approve(@PathVariable UUID changeId, @RequestBody(required = false) ApprovalRequest request,
            Authentication user) {
        LearnerId learner = learnerOf(changeId, user);
        String comment = request == null ? null : text("comment", request.comment());
        commands.sendAndWait(new ApproveChange(learner, changeId, user.getName(), comment));
        return new ChangeAnswer(changeId, ChangeStatus.APPROVED);
    }

    @PostMapping("/changes/{changeId}/rejection")
    @ApiResponse(responseCode = "200", description = "Rejected; the ILR is untouched")
    @ApiResponse(responseCode = "409", description = "The change is already decided, or another request changed the "
            + "learner at the same moment (retry)")
    public ChangeAnswer reject(@PathVariable UUID changeId, @RequestBody RejectionRequest request,
            Authentication user) {
        String reason = request == null ? null : text("reason", request.reason());
        if (reason == null || reason.isBlank()) {
            throw DomainProblem.invalid("reason", "a rejection needs a reason");
        }
        LearnerId learner = learnerOf(changeId, user);
        commands.sendAndWait(new RejectChange(learner, changeId, user.getName(), reason));
        return new ChangeAnswer(changeId, ChangeStatus.REJECTED);
    }

    private LearnerId learnerOf(UUID changeId, Authentication user) {
        LearnerId learner = changeIndex.learnerOf(changeId)
                .orElseThrow(() -> DomainProblem.notFound("changeId", "no change " + changeId));
        List<String> authorities = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        if (!ProviderGrants.allows(authorities, learner.ukprn())) {
            throw DomainProblem.forbidden("change " + changeId + " belongs to a provider you are not granted");
        }
        return learner;
    }

    private ChangeProposal proposal(ChangeType type, ObjectNode values) {
        ObjectNode typed = values == null ? json.createObjectNode() : values.deepCopy();
        typed.put("type", type.name());
        try {
            return json.treeToValue(typed, ChangeProposal.class);
        } catch (JsonProcessingException e) {
            throw new InvalidChangeValues(e);
        } catch (IllegalArgumentException e) {
            throw DomainProblem.invalid("type", "change type " + type + " cannot be raised yet");
        }
    }

    /**
     * The date a proposal says the change takes effect must be its effective date: the event log
     * dates the change by effectiveDate while the ILR takes the proposal's date, so two different
     * dates would show the learner one way in the current record and another in every return.
     */
    private void agrees(ChangeProposal proposal, LocalDate effectiveDate) {
        ChangeTypeRules.TakesEffect takesEffect = changeRules.takesEffect(proposal);
        if (takesEffect != null && takesEffect.date() != null && !takesEffect.date().equals(effectiveDate)) {
            throw DomainProblem.invalid("values." + takesEffect.field(), takesEffect.field() + " " + takesEffect.date()
                    + " differs from the change's effectiveDate " + effectiveDate + "; leave it out or give the same date");
        }
    }

    /** Free text as the ledger can store it, at most the configured length. */
    private String text(String field, String text) {
        return FreeText.check(field, text, maxTextLength);
    }

    /** Every string inside a change's values, wherever it sits, named by its path. */
    private void texts(String path, JsonNode node) {
        if (node.isTextual()) {
            text(path, node.textValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                texts(path + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                texts(path + "[" + i + "]", node.get(i));
            }
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw DomainProblem.invalid(field, field + " is required");
        }
        return value;
    }

    /** The {@code values} of a change do not fit its type; the cause names the field. */
    public static class InvalidChangeValues extends RuntimeException {
        public InvalidChangeValues(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause);
        }
    }
}
