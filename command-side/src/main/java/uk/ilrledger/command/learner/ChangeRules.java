package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * The DfE rules a change must satisfy against the learner's current record, checked when the change
 * is raised and again when it is approved, and the typed event it records: each change type's own
 * {@link ChangeTypeRules}, found here by type. A rule about the request itself fails as INVALID
 * (400); a rule about the learner's current state fails as CONFLICT (409). Rule ids are the DfE's
 * where the DfE has one, and {@code LDG_…} for the ledger's own.
 */
public final class ChangeRules {

    private final Map<ChangeType, ChangeTypeRules<?>> byType = new EnumMap<>(ChangeType.class);

    public ChangeRules(ReferenceData referenceData, Corrections corrections, IlrRules ilrRules) {
        for (ChangeTypeRules<?> rules : registered(referenceData, corrections, ilrRules)) {
            if (byType.put(rules.type(), rules) != null) {
                throw new IllegalStateException("two rule sets for " + rules.type());
            }
        }
    }

    /** Every change type that can be raised; a type missing here is refused at the edge. */
    private static List<ChangeTypeRules<?>> registered(ReferenceData referenceData, Corrections corrections,
            IlrRules ilrRules) {
        return List.of(
                new WithdrawalRules(referenceData),
                new BreakInLearningRules(),
                new RestartRules(),
                new ChangeOfEmployerRules(referenceData),
                new PriorLearningReductionRules(),
                new CompletionRules(),
                new EndPointAssessmentRules(),
                new PriceChangeRules(),
                new ContractTypeChangeRules(),
                new DidNotReturnRules(referenceData),
                new AddAimRules(new LearnerChecks(ilrRules), new RecordRules(ilrRules)),
                new RemoveAimRules(),
                new LearnerFamRules(referenceData),
                new DeliveryFamRules(referenceData),
                new OutcomeRules(referenceData),
                new ForceIncludeRules(),
                new CorrectionRules(corrections, new LearnerChecks(ilrRules), new RecordRules(ilrRules)));
    }

    /** The rules of {@code type}, or a 400 naming {@code type} when it has none. */
    public ChangeTypeRules<?> of(ChangeType type) {
        ChangeTypeRules<?> rules = type == null ? null : byType.get(type);
        if (rules == null) {
            throw DomainProblem.invalid("type", "change type " + type + " cannot be raised");
        }
        return rules;
    }

    /** The aims a change concerns when the raiser names none. */
    public List<String> defaultAims(IlrLearner record, ChangeProposal proposal) {
        ChangeTypeRules<?> rules = of(proposal.type());
        return record.learningDeliveries().stream().filter(aim -> rules.concernsByDefault(record, aim))
                .map(LearningDelivery::swSupAimId).toList();
    }

    /** Refuses {@code proposal} on {@code aims}, dated {@code effectiveDate}, as of {@code today}. */
    public void check(IlrLearner record, ChangeProposal proposal, List<String> aims, LocalDate effectiveDate,
            LocalDate today) {
        List<LearningDelivery> concerned = aims.stream().map(id -> record.aim(id).orElseThrow()).toList();
        check(of(proposal.type()), record, proposal, concerned, effectiveDate, today);
    }

    /**
     * The typed ILR event that applies an approved change to {@code record}. Values that follow from
     * the change (a restart's new AimSeqNumber and SWSupAimId, the figures before an RPL reduction,
     * the fields a correction changes) are worked out from the record as it is at approval.
     */
    public ApprovedChange applied(IlrLearner record, ChangeRaised raised, String approvedBy) {
        return applied(of(raised.proposal().type()), record, raised, approvedBy);
    }

    /** The proposal's own dating field, or null when its type has none. */
    public ChangeTypeRules.TakesEffect takesEffect(ChangeProposal proposal) {
        return takesEffect(of(proposal.type()), proposal);
    }

    private static <P extends ChangeProposal> void check(ChangeTypeRules<P> rules, IlrLearner record,
            ChangeProposal proposal, List<LearningDelivery> aims, LocalDate effectiveDate, LocalDate today) {
        rules.check(record, rules.proposalType().cast(proposal), aims, effectiveDate, today);
    }

    private static <P extends ChangeProposal> ApprovedChange applied(ChangeTypeRules<P> rules, IlrLearner record,
            ChangeRaised raised, String approvedBy) {
        return rules.applied(record, raised, rules.proposalType().cast(raised.proposal()), approvedBy);
    }

    private static <P extends ChangeProposal> ChangeTypeRules.TakesEffect takesEffect(ChangeTypeRules<P> rules,
            ChangeProposal proposal) {
        return rules.takesEffect(rules.proposalType().cast(proposal));
    }
}
