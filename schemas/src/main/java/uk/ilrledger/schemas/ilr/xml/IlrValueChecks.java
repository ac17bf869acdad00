package uk.ilrledger.schemas.ilr.xml;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Element;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Entity;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Group;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Refusal;

/**
 * Everything the year's schema would refuse in the learners the writer would write: characters
 * outside an element's set, lengths, patterns, ranges, decimal places, missing mandatory elements,
 * more members of a group than it allows, a learner without aims, and AimSeqNumbers other than 1..n.
 * Run over all learners before the file is started.
 */
public final class IlrValueChecks {

    private IlrValueChecks() {
    }

    public static List<Offence> offences(IlrSchema schema, Iterator<IlrLearner> learners) {
        List<Offence> offences = new ArrayList<>();
        while (learners.hasNext()) {
            offences.addAll(offences(schema, learners.next()));
        }
        return offences;
    }

    /** What the year's schema would refuse in one learner. */
    public static List<Offence> offences(IlrSchema schema, IlrLearner learner) {
        IlrElements elements = IlrElements.of(schema);
        List<Offence> offences = new ArrayList<>();
        String ref = learner.learnRefNumber().value();
        check(elements.learner, learner, ref, null, "", "", offences);
        if (learner.learningDeliveries().isEmpty()) {
            offences.add(new Offence(ref, null, "LearningDelivery", "learningDeliveries", null, null,
                    "a learner needs at least one LearningDelivery", "learningDeliveries"));
        }
        int expected = 1;
        for (LearningDelivery aim : learner.learningDeliveries()) {
            Integer seq = aim.aimSeqNumber();
            if (seq != null && seq != expected) {
                offences.add(new Offence(ref, seq, "AimSeqNumber", "aimSeqNumber", seq.toString(), null,
                        "aims are numbered 1 to n in order; this one should be " + expected,
                        "learningDeliveries[" + (expected - 1) + "].aimSeqNumber"));
            }
            expected++;
        }
        return offences;
    }

    /**
     * Checks the entity's simple elements, then its children's. {@code path} is where the entity sits
     * below the Learner ("" for the Learner itself, "LearningDeliveryFAM/" for a FAM); offences inside
     * an aim carry its AimSeqNumber. {@code at} is the same place in the API's JSON
     * ({@code learningDeliveries[0].}).
     */
    private static <T> void check(Entity<T> entity, T value, String ref, Integer aim, String path, String at,
            List<Offence> offences) {
        for (Element<T> element : entity.fields()) {
            Object simple = element.valueOf(value);
            if (simple == null) {
                if (element.mandatory()) {
                    offences.add(new Offence(ref, aim, path + element.name(), element.field(), null, null,
                            "the schema requires it", at + element.field()));
                }
                continue;
            }
            Refusal refusal = element.facet().refusal(simple);
            if (refusal != null) {
                offences.add(new Offence(ref, aim, path + element.name(), element.field(), simple.toString(),
                        refusal.character(), refusal.reason(), at + element.field()));
            }
        }
        for (Group<T, ?> group : entity.groups()) {
            checkChildren(group, value, ref, aim, path, at, offences);
        }
    }

    private static <T, C> void checkChildren(Group<T, C> group, T parent, String ref, Integer aim, String path,
            String at, List<Offence> offences) {
        List<C> children = group.children().apply(parent);
        if (children.size() > group.maxOccurs()) {
            offences.add(new Offence(ref, aim, path + group.entity().name(), group.field(), null, null,
                    children.size() + " of them; the schema allows at most " + group.maxOccurs(), at + group.field()));
        }
        for (int i = 0; i < children.size(); i++) {
            C child = children.get(i);
            // Aims are reported by AimSeqNumber, so their own elements need no path of their own.
            boolean isAim = child instanceof LearningDelivery;
            Integer childAim = isAim ? ((LearningDelivery) child).aimSeqNumber() : aim;
            String childPath = isAim ? "" : path + group.entity().name() + "/";
            String childAt = at + group.field() + (group.repeated() ? "[" + i + "]" : "") + ".";
            check(group.entity(), child, ref, childAim, childPath, childAt, offences);
        }
    }
}
