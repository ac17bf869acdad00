package uk.ilrledger.schemas.ilr.xml;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/** Made-up learners as a return snapshot holds them: no real person's data. */
public final class Learners {

    public static final long ULN = 1000000000L;
    public static final LocalDate START = LocalDate.of(2025, 9, 1);

    private Learners() {
    }

    /** An apprentice with every element the ledger holds filled in: a withdrawn programme aim and a component aim. */
    public static IlrLearner apprentice(String ref) {
        List<LearningDeliveryFam> fams = List.of(new LearningDeliveryFam("ACT", "1", START, LocalDate.of(2026, 2, 27)),
                new LearningDeliveryFam("SOF", "105", null, null));
        LearningDelivery programme = new LearningDelivery("ZPROG001", 1, 1, START, LocalDate.of(2024, 9, 2),
                LocalDate.of(2027, 3, 1), 36, 400, 120, 25, 91, "ZZ99 9ZZ", 80, "EPA0001", 3, LocalDate.of(2026, 2, 27),
                97, 3, null, null, "3f2b8e44-7a51-4c3e-9d0b-1a2b3c4d5e6f", fams,
                List.of(new AppFinRecord("TNP", 1, START, 9000), new AppFinRecord("PMR", 1, LocalDate.of(2025, 10, 1), 500)));
        LearningDelivery component = new LearningDelivery("60000001", 3, 2, START, null, LocalDate.of(2027, 3, 1), 36,
                null, null, 25, 91, "ZZ99 9ZZ", null, null, 2, LocalDate.of(2026, 1, 30), null, 1,
                LocalDate.of(2026, 1, 30), "PA", "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f", List.of(), List.of());
        return new IlrLearner(new LearnRefNumber(ref), new Uln(ULN), "Zoë O'Brien-Smith", "Sam", LocalDate.of(2000, 1, 1),
                31, "F", 2, "ZZ99 9ZZ", "ZZ99 9ZZ",
                List.of(new LearnerEmploymentStatus(10, START.minusDays(1), 123456789),
                        new LearnerEmploymentStatus(11, LocalDate.of(2026, 3, 1), null)),
                List.of(programme, component));
    }

    /** Only what the schema requires: no name, no date of birth, no employment, one aim with nothing optional. */
    public static IlrLearner minimal(String ref) {
        LearningDelivery aim = new LearningDelivery("60000001", 3, 1, START, null, LocalDate.of(2026, 6, 30), 35, null,
                null, null, null, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, null, List.of(), List.of());
        return new IlrLearner(new LearnRefNumber(ref), new Uln(Uln.NOT_KNOWN.value()), null, null, null, 99, "M", 9,
                "ZZ99 9ZZ", "ZZ99 9ZZ", List.of(), List.of(aim));
    }

    public static IlrLearner withName(IlrLearner learner, String familyName) {
        return new IlrLearner(learner.learnRefNumber(), learner.uln(), familyName, learner.givenNames(),
                learner.dateOfBirth(), learner.ethnicity(), learner.sex(), learner.llddHealthProb(),
                learner.postcodePrior(), learner.postcode(), learner.learnerEmploymentStatuses(),
                learner.learningDeliveries());
    }

    public static IlrLearner withGivenNames(IlrLearner learner, String givenNames) {
        return new IlrLearner(learner.learnRefNumber(), learner.uln(), learner.familyName(), givenNames,
                learner.dateOfBirth(), learner.ethnicity(), learner.sex(), learner.llddHealthProb(),
                learner.postcodePrior(), learner.postcode(), learner.learnerEmploymentStatuses(),
                learner.learningDeliveries());
    }

    public static IlrLearner withPostcode(IlrLearner learner, String postcode) {
        return new IlrLearner(learner.learnRefNumber(), learner.uln(), learner.familyName(), learner.givenNames(),
                learner.dateOfBirth(), learner.ethnicity(), learner.sex(), learner.llddHealthProb(),
                learner.postcodePrior(), postcode, learner.learnerEmploymentStatuses(), learner.learningDeliveries());
    }

    public static IlrLearner withEthnicityAndSex(IlrLearner learner, int ethnicity, String sex) {
        return new IlrLearner(learner.learnRefNumber(), learner.uln(), learner.familyName(), learner.givenNames(),
                learner.dateOfBirth(), ethnicity, sex, learner.llddHealthProb(), learner.postcodePrior(),
                learner.postcode(), learner.learnerEmploymentStatuses(), learner.learningDeliveries());
    }

    /** The learner with its first aim changed by {@code change}. */
    public static IlrLearner withFirstAim(IlrLearner learner, Consumer<LearningDelivery.Builder> change) {
        LearningDelivery.Builder first = learner.learningDeliveries().get(0).toBuilder();
        change.accept(first);
        List<LearningDelivery> aims = new java.util.ArrayList<>(learner.learningDeliveries());
        aims.set(0, first.build());
        return learner.withLearningDeliveries(aims);
    }
}
