package uk.ilrledger.app.erasure;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.schemas.learner.LearnerCommand.EraseLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Erases a learner's personal fields (decision 33): an ADMIN granted the provider's UKPRN, with a
 * reason. The learner's key is dropped in the transaction that records {@code LearnerErased}; their
 * history, returns and chain stay, with the personal fields erased.
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

    public record ErasureAnswer(String learnRefNumber, boolean erased, String erasedBy) {
    }

    @PostMapping("/providers/{ukprn}/learners/{learnRefNumber}/erasure")
    @ApiResponse(responseCode = "200", description = "The learner's personal fields are erased")
    @ApiResponse(responseCode = "400", description = "No reason given")
    @ApiResponse(responseCode = "404", description = "No such learner")
    @ApiResponse(responseCode = "409", description = "The learner is already erased")
    public ErasureAnswer erase(@PathVariable String ukprn, @PathVariable String learnRefNumber,
            @RequestBody(required = false) ErasureRequest request, Authentication user) {
        LearnerId learner = new LearnerId(Ukprn.parse(ukprn), new LearnRefNumber(learnRefNumber));
        String reason = request == null ? null : FreeText.check("reason", request.reason(), maxTextLength);
        if (reason == null || reason.isBlank()) {
            throw DomainProblem.invalid("reason", "reason is required: why the learner's personal fields are erased");
        }
        commands.sendAndWait(new EraseLearner(learner, reason, user.getName()));
        return new ErasureAnswer(learnRefNumber, true, user.getName());
    }
}
