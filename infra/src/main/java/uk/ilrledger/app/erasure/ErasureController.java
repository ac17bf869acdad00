package uk.ilrledger.app.erasure;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveErasure;
import uk.ilrledger.schemas.learner.LearnerCommand.RequestErasure;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Erases a learner's personal fields (decision 33), with four eyes: an ADMIN granted the provider's
 * UKPRN requests it with a reason, an APPROVER of the provider (another person) approves it. The
 * learner's key is dropped in the transaction that records {@code LearnerErased}; their history,
 * returns and chain stay, with the personal fields erased.
 */
@RestController
@RequestMapping("/api")
public class ErasureController {

    private final CommandGateway commands;
    private final int maxTextLength;

    public ErasureController(CommandGateway commands,
            @Value("${ilr-ledger.changes.max-text-length:4000}") int maxTextLength) {
        this.commands = commands;
        this.maxTextLength = maxTextLength;
    }

    /** Why the learner is erased: the request under UK GDPR article 17, or the end of the retention period. */
    public record ErasureRequest(String reason) {
    }

    /** REQUESTED until a second person approves; then ERASED. */
    public record ErasureAnswer(String learnRefNumber, String status, String requestedBy, String approvedBy) {
    }

    /** An ADMIN asks for the learner's personal fields to be erased; an APPROVER's approval erases them. */
    @PostMapping("/providers/{ukprn}/learners/{learnRefNumber}/erasure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "The erasure is requested and awaits a second person's approval")
    @ApiResponse(responseCode = "400", description = "No reason given")
    @ApiResponse(responseCode = "404", description = "No such learner")
    @ApiResponse(responseCode = "409", description = "The learner is already erased, or an erasure awaits approval")
    public ErasureAnswer request(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            @RequestBody(required = false) ErasureRequest request, Authentication user) {
        String reason = request == null ? null : FreeText.check("reason", request.reason(), maxTextLength);
        if (reason == null || reason.isBlank()) {
            throw DomainProblem.invalid("reason", "reason is required: why the learner's personal fields are erased");
        }
        commands.sendAndWait(new RequestErasure(learner(ukprn, learnRefNumber), reason, user.getName()));
        return new ErasureAnswer(learnRefNumber, "REQUESTED", user.getName(), null);
    }

    /** A second person approves the requested erasure: the learner's key is dropped, their personal fields erased. */
    @PostMapping("/providers/{ukprn}/learners/{learnRefNumber}/erasure/approval")
    @ApiResponse(responseCode = "200", description = "The learner's personal fields are erased")
    @ApiResponse(responseCode = "403", description = "Four eyes: whoever requested the erasure cannot approve it")
    @ApiResponse(responseCode = "404", description = "No such learner, or no erasure of theirs requested")
    @ApiResponse(responseCode = "409", description = "The learner is already erased")
    public ErasureAnswer approve(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            Authentication user) {
        commands.sendAndWait(new ApproveErasure(learner(ukprn, learnRefNumber), user.getName()));
        return new ErasureAnswer(learnRefNumber, "ERASED", null, user.getName());
    }

    private static LearnerId learner(String ukprn, String learnRefNumber) {
        return new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
    }
}
