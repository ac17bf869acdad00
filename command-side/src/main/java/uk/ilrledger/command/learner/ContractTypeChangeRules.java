package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.notInFuture;
import static uk.ilrledger.command.learner.RuleChecks.requireContinuing;
import static uk.ilrledger.command.learner.RuleChecks.requireSome;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.ContractTypeChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ContractTypeChanged;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * A change of contract type (LearningDeliveryFAM {@code ACT}: 1 contract with a levy-paying employer,
 * 2 with the ESFA): on each apprenticeship aim in learning the open ACT period ends the day before
 * and a new one opens on the change's date. ACT periods of different codes never overlap across the
 * learner's aims (R105), and an ACT 1 period needs the learner employed (EmpStat 10) on its DateFrom
 * (R110).
 */
final class ContractTypeChangeRules implements ChangeTypeRules<ContractTypeChange> {

    private static final Set<Integer> CODES = Set.of(1, 2);
    private static final int EMPLOYED = 10;

    public ChangeType type() {
        return ChangeType.CONTRACT_TYPE_CHANGE;
    }

    public Class<ContractTypeChange> proposalType() {
        return ContractTypeChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.continuing() && aim.fundModel() == 36 && openAct(aim).isPresent();
    }

    public void check(IlrLearner record, ContractTypeChange p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (p.act() == null || !CODES.contains(p.act())) {
            throw DomainProblem.invalid("values.act", "ACT is 1 (contract with an employer) or 2 (with the ESFA), not "
                    + p.act());
        }
        LocalDate from = p.learnDelFAMDateFrom();
        notInFuture(from, "values.learnDelFAMDateFrom", "LDG_NotInFuture", today);
        requireSome(aims, "the learner has no apprenticeship aim in learning with a contract type to change");
        requireContinuing(aims);
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            String field = "aims[" + i + "]";
            LearningDeliveryFam open = openAct(aim).orElseThrow(() -> DomainProblem.rule(CONFLICT, "LDG_NoOpenContractType",
                    field, "aim " + aim.aimSeqNumber() + " has no open ACT period to end"));
            if (String.valueOf(p.act()).equals(open.learnDelFAMCode())) {
                throw DomainProblem.invalid("values.act", "aim " + aim.aimSeqNumber() + " is already ACT " + p.act()
                        + " from " + open.learnDelFAMDateFrom());
            }
            if (open.learnDelFAMDateFrom() == null || !from.isAfter(open.learnDelFAMDateFrom())) {
                throw DomainProblem.rule(INVALID, "R105", "values.learnDelFAMDateFrom", "aim " + aim.aimSeqNumber()
                        + "'s ACT " + open.learnDelFAMCode() + " period began on " + open.learnDelFAMDateFrom()
                        + ": a new contract type from " + from + " would overlap it");
            }
        }
        if (p.act() == 1 && !employedOn(record, from)) {
            throw DomainProblem.rule(CONFLICT, "R110", "values.act", "an ACT 1 period from " + from
                    + " needs the learner employed (EmpStat 10) on that date; record the employment first");
        }
        if (overlapping(record).isPresent()) {
            return; // a fault the record already holds is not this change's to answer for
        }
        // The record as the change would leave it: only its ILR fields matter here, not who raised it.
        IlrLearner after = IlrFold.apply(record, new ContractTypeChanged(null, null,
                aims.stream().map(LearningDelivery::swSupAimId).toList(), p.act(), from, null, List.of(), null, null));
        overlapping(after).ifPresent(fam -> {
            throw DomainProblem.rule(CONFLICT, "R105", "aims", "the learner would hold ACT " + fam.learnDelFAMCode()
                    + " from " + fam.learnDelFAMDateFrom() + " while another aim holds another contract type;"
                    + " change every apprenticeship aim in learning together");
        });
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, ContractTypeChange p, String approvedBy) {
        return new ContractTypeChanged(r.learner(), r.changeId(), r.aims(), p.act(), p.learnDelFAMDateFrom(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(ContractTypeChange p) {
        return new TakesEffect("learnDelFAMDateFrom", p.learnDelFAMDateFrom());
    }

    private static Optional<LearningDeliveryFam> openAct(LearningDelivery aim) {
        return aim.learningDeliveryFams().stream()
                .filter(fam -> "ACT".equals(fam.learnDelFAMType()) && fam.learnDelFAMDateTo() == null)
                .reduce((first, second) -> second);
    }

    /** The employment status applying on {@code date}: the latest one from on or before it. */
    private static boolean employedOn(IlrLearner record, LocalDate date) {
        return record.learnerEmploymentStatuses().stream()
                .filter(status -> !status.dateEmpStatApp().isAfter(date))
                .max(Comparator.comparing(LearnerEmploymentStatus::dateEmpStatApp))
                .map(status -> status.empStat() == EMPLOYED)
                .orElse(false);
    }

    /**
     * The first ACT period, across all the learner's aims in DateFrom order, that starts before the
     * one before it ended (or while it is open) with another code: R105 as the DfE states it.
     */
    private static Optional<LearningDeliveryFam> overlapping(IlrLearner record) {
        List<LearningDeliveryFam> periods = record.learningDeliveries().stream()
                .flatMap(aim -> aim.learningDeliveryFams().stream())
                .filter(fam -> "ACT".equals(fam.learnDelFAMType()) && fam.learnDelFAMDateFrom() != null)
                .sorted(Comparator.comparing(LearningDeliveryFam::learnDelFAMDateFrom))
                .toList();
        for (int i = 1; i < periods.size(); i++) {
            LearningDeliveryFam previous = periods.get(i - 1);
            LearningDeliveryFam period = periods.get(i);
            boolean overlaps = previous.learnDelFAMDateTo() == null
                    || !period.learnDelFAMDateFrom().isAfter(previous.learnDelFAMDateTo());
            if (overlaps && !period.learnDelFAMCode().equals(previous.learnDelFAMCode())) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }
}
