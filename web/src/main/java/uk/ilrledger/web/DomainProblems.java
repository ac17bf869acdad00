package uk.ilrledger.web;

import java.util.Optional;
import uk.ilrledger.schemas.problems.DomainProblem;

/** The domain problem behind a failure: a command's failure carries the learner's refusal as its cause. */
final class DomainProblems {

    private DomainProblems() {
    }

    static Optional<DomainProblem> cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DomainProblem problem) {
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }
}
