package uk.ilrledger.schemas.ilr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.EmployerChanged;
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
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = aimType == 1 ? "ZPROG001" : "60000001";
        aim.aimType = aimType;
        aim.aimSeqNumber = seq;
        aim.learnStartDate = START;
        aim.learnPlanEndDate = START.plusMonths(18);
        aim.fundModel = 36;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        aim.swSupAimId = id;
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, null));
        aim.appFinRecords = List.of(new AppFinRecord("TNP", 1, START, 9000));
        return aim.build();
    }

    static IlrLearner learner(LearningDelivery... aims) {
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber("LRN1");
        learner.uln = new Uln(1000000000L);
        learner.familyName = "Example";
        learner.givenNames = "Sam";
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 2;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learningDeliveries = List.of(aims);
        return learner.build();
    }

    /** A registered learner with a programme aim "p" (with PHours) and a component "c". */
    public static IlrLearner learnerForTests() {
        LearningDelivery.Builder programme = aim("p", 1, 1).toBuilder();
        programme.pHours = 400;
        return learner(programme.build(), aim("c", 2, 3));
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
        LearningDelivery.Builder twoActs = aim("p", 1, 1).toBuilder();
        twoActs.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, START.plusMonths(2)),
                new LearningDeliveryFam("ACT", "2", START.plusMonths(2).plusDays(1), null));
        twoActs.appFinRecords = List.of();
        IlrLearner after = IlrFold.apply(learner(twoActs.build()), withdrawn("p"));
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

    @Test
    void aWithdrawalChangesOnlyTheAimsEndAndKeepsEveryOtherElement() {
        IlrLearner registered = Learners.everyElement("LRN1");
        LearningDelivery first = registered.learningDeliveries().get(0);

        IlrLearner after = IlrFold.replay(List.of(new LearnerRegistered(LEARNER, registered, "admin"),
                withdrawn(first.swSupAimId())));

        LearningDelivery.Builder ended = first.toBuilder();
        ended.compStatus = 3;
        ended.learnActEndDate = END;
        ended.withdrawReason = 97;
        ended.outcome = 3;
        ended.learningDeliveryFams = List.of(first.learningDeliveryFams().get(0).withDateTo(END),
                first.learningDeliveryFams().get(1));
        assertThat(after).isEqualTo(registered.withLearningDeliveries(
                List.of(ended.build(), registered.learningDeliveries().get(1))));
    }

    @Test
    void aChangeOfEmployerAddsAStatusAndKeepsTheOthersWithTheirMonitoring() {
        IlrLearner registered = Learners.everyElement("LRN1");
        LocalDate change = LocalDate.of(2026, 4, 1);

        IlrLearner after = IlrFold.apply(registered, new EmployerChanged(LEARNER, UUID.randomUUID(), List.of(), change,
                10, 987654321, null, null, "new job", List.of(new EvidenceId("b".repeat(64))), "raiser", "approver"));

        List<LearnerEmploymentStatus> statuses = new ArrayList<>(registered.learnerEmploymentStatuses());
        statuses.add(new LearnerEmploymentStatus(10, change, 987654321, List.of()));
        assertThat(after).isEqualTo(registered.withEmploymentStatuses(statuses));
    }

    @Test
    void theDiffNamesChangesInEveryKindOfElementAndGroup() {
        IlrLearner before = Learners.everyElement("LRN1");
        LearningDelivery first = before.learningDeliveries().get(0);
        IlrLearner after = Learners.withFirstAim(Learners.with(before, b -> {
            b.email = "new@example.com";
            b.learnerFams = before.learnerFams().subList(0, 2);
            b.learnerHe = new LearnerHe("1234567890", 2, before.learnerHe().learnerHeFinancialSupports());
            LearnerEmploymentStatus status = before.learnerEmploymentStatuses().get(1);
            b.learnerEmploymentStatuses = List.of(before.learnerEmploymentStatuses().get(0),
                    new LearnerEmploymentStatus(status.empStat(), status.dateEmpStatApp(), status.empId(),
                            List.of(new EmploymentStatusMonitoring("SEM", 2))));
        }), aim -> {
            aim.tlOut = 2;
            aim.providerSpecDeliveryMonitorings = List.of(new ProviderSpecDeliveryMonitoring("A", "DELMON 2"));
            aim.learningDeliveryHe = null;
        });

        List<FieldChange> changes = IlrDiff.between(before, after);

        String aim = first.swSupAimId();
        assertThat(changes).contains(
                new FieldChange("Learner", null, null, "email", "learner@example.com", "new@example.com"),
                new FieldChange("LearnerFAM", null, null, "learnFAMType", "NLM", null),
                new FieldChange("LearnerFAM", null, null, "learnFAMCode", "17", null),
                new FieldChange("EmploymentStatusMonitoring", null, null, "esmCode", "1", "2"),
                new FieldChange("LearnerHE", null, null, "ttAccom", "1", "2"),
                new FieldChange("LearningDelivery", aim, 1, "tlOut", "1", "2"),
                new FieldChange("ProviderSpecDeliveryMonitoring", aim, 1, "provSpecDelMon", "DELMON 1", "DELMON 2"),
                new FieldChange("ProviderSpecDeliveryMonitoring", aim, 1, "provSpecDelMon", "X", null),
                new FieldChange("LearningDeliveryHE", aim, 1, "stuLoad", "100.0", null),
                new FieldChange("LearningDeliveryHE", aim, 1, "pcolab", "12.5", null));
        assertThat(changes).filteredOn(c -> c.entity().equals("LearningDeliveryHE"))
                .as("one change for each of the 19 elements of the removed LearningDeliveryHE").hasSize(19);
        assertThat(IlrDiff.between(before, before)).isEmpty();
    }
}
