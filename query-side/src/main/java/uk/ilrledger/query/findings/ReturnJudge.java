package uk.ilrledger.query.findings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.ilr.rules.SharedAimIds;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * Judges the learners of one return, in the return's order, by the year's rules on the file's
 * preparation date, and a SWSupAimId against the learners before (SWSupAimId_03). One per return.
 */
public final class ReturnJudge {

    private final IlrRules rules;
    private final CollectionYear year;
    private final LocalDate preparationDate;
    private final SharedAimIds shared;

    public ReturnJudge(IlrRules rules, CollectionYear year, LocalDate preparationDate) {
        this.rules = rules;
        this.year = year;
        this.preparationDate = preparationDate;
        this.shared = new SharedAimIds(rules.book(), year);
    }

    /** The findings of {@code learner} as the return holds them; the learners judged before stay as they were. */
    public List<Finding> judge(IlrLearner learner) {
        List<Finding> findings = new ArrayList<>(rules.findings(learner, year, preparationDate));
        findings.addAll(shared.findings(learner));
        return findings;
    }

    /** Done with {@code learner}: the SWSupAimIds it uses first are its own for the learners after it. */
    public void judged(IlrLearner learner) {
        shared.claim(learner);
    }
}
