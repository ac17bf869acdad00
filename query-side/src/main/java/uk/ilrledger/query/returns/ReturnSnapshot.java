package uk.ilrledger.query.returns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.QaStatus;

/**
 * One return of a provider as built from the ledger: every learner with at least one aim that
 * belongs to the year, their aims renumbered 1..n, each aim labelled with why it is there.
 * {@code position} is the last store position it was built from; {@code sha256} hashes the learners.
 */
public record ReturnSnapshot(
        int ukprn,
        String year,
        String period,
        LocalDate lastDay,
        LocalDate preparationDate,
        long position,
        String sha256,
        List<Learner> learners) {

    /**
     * A learner as returned, why each of their aims is in the return, and their QA status as of the
     * same store position (compliance information: not part of the ILR, nor of the SHA-256).
     */
    public record Learner(IlrLearner learner, List<Inclusion> inclusions, QaStatus qaStatus) {
    }

    /** Why an aim is in the return; who force-included it and why, when that is the reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inclusion(int aimSeqNumber, String swSupAimId, InclusionReason inclusionReason,
            String forceIncludedBy, String forceIncludeReason) {
    }
}
