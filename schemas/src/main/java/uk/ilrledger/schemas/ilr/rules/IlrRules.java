package uk.ilrledger.schemas.ilr.rules;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE's rules that judge one learner's record, as pure functions of the record, the collection
 * year (whose rule list gives each rule's severity and whose code lists apply) and the date the
 * record is judged on (a return's file preparation date). Every side of the ledger judges by these:
 * the import reports them as findings, registration and changes refuse what they add, and the
 * returns list them. Rules across learners are in {@link SharedAimIds}.
 */
public final class IlrRules {

    private final RuleBook book;
    private final YearCodes codes;

    public IlrRules(RuleBook book, YearCodes codes) {
        this.book = book;
        this.codes = codes;
    }

    public RuleBook book() {
        return book;
    }

    /** Every rule the learner's record breaks in {@code year}, judged on {@code today}, in the record's order. */
    public List<Finding> findings(IlrLearner learner, CollectionYear year, LocalDate today) {
        Findings out = new Findings(book, year);
        LearnerRules.uln(learner, out);
        LearnerRules.names(learner, out);
        AimRules.dates(learner, out);
        AimRules.identities(learner, out);
        LearnerRules.postcodes(learner, out);
        LearnerRules.codes(learner, codes, out);
        LearnerRules.employers(learner, out);
        AimRules.codes(learner, codes, out);
        AimRules.record(learner, codes, today, out);
        ActRules.check(learner, out);
        return out.list();
    }

    /**
     * ULN_04, FD_FamilyName_AP, FD_GivenNames_AP, LearnPlanEndDate_02 and LearnActEndDate_01: what no
     * learner may be registered with.
     */
    public List<Finding> identityAndDateFindings(IlrLearner learner, CollectionYear year) {
        Findings out = new Findings(book, year);
        LearnerRules.uln(learner, out);
        LearnerRules.names(learner, out);
        AimRules.dates(learner, out);
        return out.list();
    }

    /** Codes outside {@code year}'s lists. */
    public List<Finding> codeListFindings(IlrLearner learner, CollectionYear year) {
        Findings out = new Findings(book, year);
        LearnerRules.codes(learner, codes, out);
        AimRules.codes(learner, codes, out);
        return out.list();
    }

    /** Postcode_14 and PostcodePrior_02. */
    public List<Finding> postcodeFindings(IlrLearner learner, CollectionYear year) {
        Findings out = new Findings(book, year);
        LearnerRules.postcodes(learner, out);
        return out.list();
    }

    /**
     * The rules between an aim's own fields, whichever change wrote them, judged on {@code today}: what
     * a change may not add. Whether to refuse is the question, not how severe, so every one is an error.
     */
    public List<Finding> recordFindings(IlrLearner learner, LocalDate today) {
        Findings out = new Findings(null, CollectionYear.containing(today));
        AimRules.record(learner, codes, today, out);
        return out.list();
    }
}
