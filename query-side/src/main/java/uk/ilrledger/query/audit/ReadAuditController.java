package uk.ilrledger.query.audit;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Ukprn;

/** Who has read a provider's learners' ILR and history (auditors' reads, by default). Provider access is checked before this runs. */
@RestController
public class ReadAuditController {

    static final int MOST = 1000;

    private final LearnerReads reads;

    public ReadAuditController(LearnerReads reads) {
        this.reads = reads;
    }

    @GetMapping("/api/providers/{ukprn}/read-audit")
    @ApiResponse(responseCode = "200", description = "The recorded reads of the provider's learners, or of the learner "
            + "given, newest first: who read the ILR (now, `asOf` or `effectiveOn`) or the history, when, and at which "
            + "event store position")
    public List<LearnerReads.LearnerRead> readAudit(@PathVariable String ukprn,
            @RequestParam(required = false) String learner, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MOST) {
            throw DomainProblem.invalid("limit", "must be between 1 and " + MOST);
        }
        Optional<LearnRefNumber> one = learner == null ? Optional.empty() : Optional.of(parse(learner));
        return reads.reads(Ukprn.parse(ukprn), one, limit);
    }

    private static LearnRefNumber parse(String learner) {
        try {
            return new LearnRefNumber(learner);
        } catch (DomainProblem malformed) {
            throw DomainProblem.invalid("learner", malformed.getMessage());
        }
    }
}
