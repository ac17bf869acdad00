package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.ChangeProposal.ForceInclude;
import uk.ilrledger.schemas.values.CollectionYear;

/** Keeps the named aims in every return of a collection year, whatever the date rules say. */
final class ForceIncludeRules implements ChangeTypeRules<ForceInclude> {

    public ChangeType type() {
        return ChangeType.FORCE_INCLUDE;
    }

    public Class<ForceInclude> proposalType() {
        return ForceInclude.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return true;
    }

    public void check(IlrLearner record, ForceInclude p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "name the aims to force-include");
        if (p.year() == null) {
            throw DomainProblem.invalid("values.year", "the collection year to force-include into is required");
        }
        try {
            CollectionYear.parse(p.year());
        } catch (DomainProblem bad) {
            throw DomainProblem.invalid("values.year", bad.getMessage());
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, ForceInclude p, String approvedBy) {
        return new AimForceIncluded(r.learner(), r.changeId(), r.aims(), CollectionYear.parse(p.year()).code(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
