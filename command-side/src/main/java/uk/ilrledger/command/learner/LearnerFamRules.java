package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.ReferenceData.FamCodes;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerFam;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.LearnerFamChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearnerFamsChanged;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The learner's LearnerFAM codes of one type (LSR, SEN, EHC, DLA, HNS, EDF, MCF, ECF, FME, NLM, PPE)
 * from the effective date, each code from the year's list (LearnFAMType_09) and no more of the type
 * than a learner may hold.
 */
final class LearnerFamRules implements ChangeTypeRules<LearnerFamChange> {

    private final ReferenceData referenceData;

    LearnerFamRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.LEARNER_FAM;
    }

    public Class<LearnerFamChange> proposalType() {
        return LearnerFamChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return false;
    }

    public void check(IlrLearner record, LearnerFamChange p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (!aims.isEmpty()) {
            throw DomainProblem.invalid("aims", "a LearnerFAM is the learner's own; name no aim");
        }
        if (p.learnFAMType() == null) {
            throw DomainProblem.invalid("values.learnFAMType", "learnFAMType is required");
        }
        CollectionYear year = CollectionYear.containing(effectiveDate);
        FamCodes allowed = referenceData.year(year).learnerFam(p.learnFAMType()).orElseThrow(() -> DomainProblem
                .invalid("values.learnFAMType", "LearnFAMType " + p.learnFAMType() + " is not in the " + year
                        + " code list"));
        List<String> codes = p.learnFAMCodes() == null ? null : p.learnFAMCodes().stream().map(String::valueOf).toList();
        FamCodeChecks.check(allowed, p.learnFAMType(), codes, "values.learnFAMCodes", "LearnFAMType_09", year);
        List<Integer> held = record.learnerFams().stream().filter(fam -> fam.learnFAMType().equals(p.learnFAMType()))
                .map(LearnerFam::learnFAMCode).toList();
        if (held.equals(p.learnFAMCodes())) {
            throw DomainProblem.invalid("values.learnFAMCodes", "the learner already holds exactly these "
                    + p.learnFAMType() + " codes");
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, LearnerFamChange p, String approvedBy) {
        return new LearnerFamsChanged(r.learner(), r.changeId(), r.aims(), p.learnFAMType(), p.learnFAMCodes(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
