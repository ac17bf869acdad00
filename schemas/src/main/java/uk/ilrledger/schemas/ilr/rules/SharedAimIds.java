package uk.ilrledger.schemas.ilr.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * SWSupAimId_03: a SWSupAimId is expected to be one aim of one learner. Learners are given in a
 * file's or a return's order; the first to use an id owns it, and every later learner using it gets
 * the finding. One instance per file or return.
 */
public final class SharedAimIds {

    private final RuleBook book;
    private final CollectionYear year;
    private final Map<String, String> owners = new HashMap<>();

    public SharedAimIds(RuleBook book, CollectionYear year) {
        this.book = book;
        this.year = year;
    }

    /** Findings for {@code learner}'s aims whose SWSupAimId an earlier learner used; the learner then owns its other ids. */
    public List<Finding> check(IlrLearner learner) {
        List<Finding> findings = findings(learner);
        claim(learner);
        return findings;
    }

    /** Findings for {@code learner}'s aims whose SWSupAimId a learner claimed before; nothing is claimed. */
    public List<Finding> findings(IlrLearner learner) {
        Findings out = new Findings(book, year);
        String ref = learner.learnRefNumber().value();
        List<LearningDelivery> aims = learner.learningDeliveries();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            String owner = aim.swSupAimId() == null ? null : owners.get(aim.swSupAimId());
            if (owner != null && !owner.equals(ref)) {
                out.aim("SWSupAimId_03", "LearningDelivery", "SWSupAimId", "learningDeliveries[" + i + "].swSupAimId",
                        aim, "SWSupAimId " + aim.swSupAimId() + " is also used by learner " + owner);
            }
        }
        return out.list();
    }

    /** The ids of {@code learner}'s aims no earlier learner used become theirs. */
    public void claim(IlrLearner learner) {
        for (LearningDelivery aim : learner.learningDeliveries()) {
            if (aim.swSupAimId() != null) {
                owners.putIfAbsent(aim.swSupAimId(), learner.learnRefNumber().value());
            }
        }
    }
}
