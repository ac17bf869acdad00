package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.ReferenceData.FamCodes;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.DeliveryFamChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.DeliveryFamsChanged;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The named aims' LearningDeliveryFAM codes of one undated type (SOF, LDM, EEF, FFI, HHS) from the
 * effective date, each from the year's list. The contract type (ACT) changes only through
 * CONTRACT_TYPE_CHANGE, which keeps its periods contiguous, and RES only through a restart.
 */
final class DeliveryFamRules implements ChangeTypeRules<DeliveryFamChange> {

    private final ReferenceData referenceData;

    DeliveryFamRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.DELIVERY_FAM;
    }

    public Class<DeliveryFamChange> proposalType() {
        return DeliveryFamChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return false;
    }

    public void check(IlrLearner record, DeliveryFamChange p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        String type = p.learnDelFAMType();
        if (type == null) {
            throw DomainProblem.invalid("values.learnDelFAMType", "learnDelFAMType is required");
        }
        if ("ACT".equals(type)) {
            throw DomainProblem.rule(INVALID, "LDG_UseContractTypeChange", "values.learnDelFAMType",
                    "the contract type (ACT) changes through CONTRACT_TYPE_CHANGE, which ends one period as the next begins");
        }
        if ("RES".equals(type)) {
            throw DomainProblem.rule(INVALID, "LDG_RestartOnly", "values.learnDelFAMType",
                    "RES marks a restart's aims and is recorded by RESTART alone");
        }
        if (aims.isEmpty()) {
            throw DomainProblem.invalid("aims", "name the aims whose " + type + " codes change");
        }
        CollectionYear year = CollectionYear.containing(effectiveDate);
        ReferenceData.CodeLists lists = referenceData.year(year);
        FamCodes allowed = lists.learningDeliveryFam(type).orElseThrow(() -> DomainProblem.invalid(
                "values.learnDelFAMType", "LearnDelFAMType " + type + " cannot be changed here; in " + year
                        + " these can: " + (lists.learningDeliveryFam() == null ? "none"
                        : lists.learningDeliveryFam().keySet().stream().sorted().toList())));
        FamCodeChecks.check(allowed, type, p.learnDelFAMCodes(), "values.learnDelFAMCodes", null, year);
        boolean changesSome = aims.stream().anyMatch(aim -> !aim.learningDeliveryFams().stream()
                .filter(fam -> type.equals(fam.learnDelFAMType())).map(LearningDeliveryFam::learnDelFAMCode).toList()
                .equals(p.learnDelFAMCodes()));
        if (!changesSome) {
            throw DomainProblem.invalid("values.learnDelFAMCodes", "the aims already hold exactly these " + type
                    + " codes");
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, DeliveryFamChange p, String approvedBy) {
        return new DeliveryFamsChanged(r.learner(), r.changeId(), r.aims(), p.learnDelFAMType(), p.learnDelFAMCodes(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
