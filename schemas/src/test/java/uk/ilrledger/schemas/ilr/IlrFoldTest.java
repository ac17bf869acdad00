package uk.ilrledger.schemas.ilr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Uln;

public class IlrFoldTest {

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN1");
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate END = LocalDate.of(2026, 2, 27);

    static LearningDelivery aim(String id, int seq, int aimType) {
        return new LearningDelivery(aimType == 1 ? "ZPROG001" : "60000001", aimType, seq, START, null,
                START.plusMonths(18), 36, null, null, 25, 91, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null,
                id, List.of(new LearningDeliveryFam("ACT", "1", START, null)),
                List.of(new AppFinRecord("TNP", 1, START, 9000)));
    }

    static IlrLearner learner(LearningDelivery... aims) {
        return new IlrLearner(new LearnRefNumber("LRN1"), new Uln(1000000000L), "Example", "Sam", null, 31, "F", 2,
                "ZZ99 9ZZ", "ZZ99 9ZZ", List.of(), List.of(aims));
    }

    /** A registered learner with a programme aim "p" (with PHours) and a component "c". */
    public static IlrLearner learnerForTests() {
        LearningDelivery programme = aim("p", 1, 1);
        return learner(new LearningDelivery(programme.learnAimRef(), 1, 1, START, null, START.plusMonths(18), 36, 400,
                null, 25, 91, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, "p",
                programme.learningDeliveryFams(), programme.appFinRecords()), aim("c", 2, 3));
    }

    static LearnerWithdrawn withdrawn(String... aims) {
        return new LearnerWithdrawn(LEARNER, UUID.randomUUID(), List.of(aims), END, 97, "left",
                List.of(new EvidenceId("b".repeat(64))), "raiser", "approver");
    }

    @Test
    void aWithdrawalEndsOnlyTheNamedAimsWithCompStatus3Outcome3AndTheReason() {
        IlrLearner registered = learner(aim("p", 1, 1), aim("c", 2, 3));
        IlrLearner after = IlrFold.replay(List.of(new LearnerRegistered(LEARNER, registered, "admin"), withdrawn("p")));

        LearningDelivery programme = after.aim("p").orElseThrow();
        assertThat(programme.compStatus()).isEqualTo(3);
        assertThat(programme.learnActEndDate()).isEqualTo(END);
        assertThat(programme.withdrawReason()).isEqualTo(97);
        assertThat(programme.outcome()).isEqualTo(3);
        assertThat(programme.learningDeliveryFams().get(0).learnDelFAMDateTo()).isEqualTo(END);
        assertThat(after.aim("c").orElseThrow()).isEqualTo(registered.aim("c").orElseThrow());
    }

    @Test
    void workflowEventsLeaveTheRecordAsItWas() {
        IlrLearner registered = learner(aim("p", 1, 1));
        assertThat(IlrFold.apply(registered, new ChangeApproved(LEARNER, UUID.randomUUID(), "approver", null)))
                .isSameAs(registered);
    }

    @Test
    void onlyTheLatestOpenActFamIsClosed() {
        LearningDelivery twoActs = new LearningDelivery("ZPROG001", 1, 1, START, null, START.plusMonths(18), 36, null,
                null, 25, 91, "ZZ99 9ZZ", null, null, 1, null, null, null, null, null, "p",
                List.of(new LearningDeliveryFam("ACT", "1", START, START.plusMonths(2)),
                        new LearningDeliveryFam("ACT", "2", START.plusMonths(2).plusDays(1), null)),
                List.of());
        IlrLearner after = IlrFold.apply(learner(twoActs), withdrawn("p"));
        List<LearningDeliveryFam> fams = after.aim("p").orElseThrow().learningDeliveryFams();
        assertThat(fams.get(0).learnDelFAMDateTo()).isEqualTo(START.plusMonths(2));
        assertThat(fams.get(1).learnDelFAMDateTo()).isEqualTo(END);
    }

    @Test
    void theDiffNamesEachChangedFieldOfEachAimWithOldAndNewValues() {
        IlrLearner before = learner(aim("p", 1, 1), aim("c", 2, 3));
        IlrLearner after = IlrFold.apply(before, withdrawn("p", "c"));

        List<FieldChange> changes = IlrDiff.between(before, after);

        assertThat(changes).contains(
                new FieldChange("LearningDelivery", "p", 1, "compStatus", "1", "3"),
                new FieldChange("LearningDelivery", "p", 1, "learnActEndDate", null, "2026-02-27"),
                new FieldChange("LearningDelivery", "c", 2, "withdrawReason", null, "97"),
                new FieldChange("LearningDelivery", "c", 2, "outcome", null, "3"),
                new FieldChange("LearningDeliveryFAM", "p", 1, "learnDelFAMDateTo", null, "2026-02-27"));
        assertThat(changes).noneMatch(c -> c.entity().equals("Learner"));
        assertThat(IlrDiff.between(after, after)).isEmpty();
    }
}
