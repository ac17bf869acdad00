package uk.ilrledger.query.export;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import uk.ilrledger.query.export.IlrElements.Element;
import uk.ilrledger.query.export.IlrElements.Refusal;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;

/**
 * Everything the year's schema would refuse in the learners the writer would write: characters
 * outside an element's set, lengths, ranges, missing mandatory elements, a learner without aims, and
 * AimSeqNumbers other than 1..n. Run over all learners before the file is started.
 */
public final class IlrValueChecks {

    private IlrValueChecks() {
    }

    public static List<Offence> offences(IlrSchema schema, Iterator<IlrLearner> learners) {
        IlrElements elements = IlrElements.of(schema);
        List<Offence> offences = new ArrayList<>();
        while (learners.hasNext()) {
            IlrLearner learner = learners.next();
            String ref = learner.learnRefNumber().value();
            check(elements.learner, learner, ref, null, "", offences);
            for (LearnerEmploymentStatus status : learner.learnerEmploymentStatuses()) {
                check(elements.learnerEmploymentStatus, status, ref, null, "LearnerEmploymentStatus/", offences);
            }
            if (learner.learningDeliveries().isEmpty()) {
                offences.add(new Offence(ref, null, "LearningDelivery", "learningDeliveries", null, null,
                        "a learner needs at least one LearningDelivery"));
            }
            int expected = 1;
            for (LearningDelivery aim : learner.learningDeliveries()) {
                Integer seq = aim.aimSeqNumber();
                check(elements.learningDelivery, aim, ref, seq, "", offences);
                if (seq != null && seq != expected) {
                    offences.add(new Offence(ref, seq, "AimSeqNumber", "aimSeqNumber", seq.toString(), null,
                            "aims are numbered 1 to n in order; this one should be " + expected));
                }
                expected++;
                for (LearningDeliveryFam fam : aim.learningDeliveryFams()) {
                    check(elements.learningDeliveryFam, fam, ref, seq, "LearningDeliveryFAM/", offences);
                }
                for (AppFinRecord record : aim.appFinRecords()) {
                    check(elements.appFinRecord, record, ref, seq, "AppFinRecord/", offences);
                }
            }
        }
        return offences;
    }

    private static <T> void check(List<Element<T>> elements, T entity, String ref, Integer aim, String group,
            List<Offence> offences) {
        for (Element<T> element : elements) {
            Object value = element.valueOf(entity);
            if (value == null) {
                if (element.mandatory()) {
                    offences.add(new Offence(ref, aim, group + element.name(), element.field(), null, null,
                            "the schema requires it"));
                }
                continue;
            }
            Refusal refusal = element.facet().refusal(value);
            if (refusal != null) {
                offences.add(new Offence(ref, aim, group + element.name(), element.field(), value.toString(),
                        refusal.character(), refusal.reason()));
            }
        }
    }
}
