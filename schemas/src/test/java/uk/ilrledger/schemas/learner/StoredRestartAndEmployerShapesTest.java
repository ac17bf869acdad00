package uk.ilrledger.schemas.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.schemas.learner.EventSerializationTest.JSON;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrFoldTest;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Restarts and employer changes stored before a restart kept its terms per aim and an employment
 * status its EmpStat and monitorings: they still read, fold to the record they folded to then, and
 * write back unchanged.
 */
class StoredRestartAndEmployerShapesTest {

    static final String LEARNER = "\"learner\":{\"ukprn\":10000001,\"learnRefNumber\":\"LRN1\"}";
    static final String EVIDENCE = "\"evidence\":[\"" + "c".repeat(64) + "\"]";

    static final String RAISED_RESTART = "{" + LEARNER + ",\"changeId\":\"00000000-0000-0000-0000-00000000000a\","
            + "\"proposal\":{\"type\":\"RESTART\",\"learnStartDate\":\"2026-05-01\",\"learnPlanEndDate\":\"2027-06-30\","
            + "\"tnp1\":6000,\"tnp2\":1000},\"aims\":[\"p\",\"c\"],\"effectiveDate\":\"2026-05-01\","
            + "\"reason\":\"back\"," + EVIDENCE + ",\"raisedBy\":\"raiser\"}";
    static final String RAISED_EMPLOYER = "{" + LEARNER + ",\"changeId\":\"00000000-0000-0000-0000-00000000000b\","
            + "\"proposal\":{\"type\":\"CHANGE_OF_EMPLOYER\",\"dateEmpStatApp\":\"2026-03-02\",\"empId\":100000002,"
            + "\"tnp3\":4000},\"aims\":[\"p\"],\"effectiveDate\":\"2026-03-02\",\"reason\":\"moved\"," + EVIDENCE
            + ",\"raisedBy\":\"raiser\"}";
    static final String RESTARTED = "{" + LEARNER + ",\"changeId\":\"00000000-0000-0000-0000-00000000000a\","
            + "\"aims\":[\"p\",\"c\"],\"restarts\":[{\"originalAim\":\"p\",\"swSupAimId\":\"p2\",\"aimSeqNumber\":3},"
            + "{\"originalAim\":\"c\",\"swSupAimId\":\"c2\",\"aimSeqNumber\":4}],\"learnStartDate\":\"2026-05-01\","
            + "\"learnPlanEndDate\":\"2027-06-30\",\"tnp1\":6000,\"tnp2\":1000,\"priorLearnFundAdj\":50,"
            + "\"reason\":\"back\"," + EVIDENCE + ",\"raisedBy\":\"raiser\",\"approvedBy\":\"approver\"}";
    static final String EMPLOYER_CHANGED = "{" + LEARNER + ",\"changeId\":\"00000000-0000-0000-0000-00000000000b\","
            + "\"aims\":[\"p\"],\"dateEmpStatApp\":\"2026-03-02\",\"empStat\":10,\"empId\":100000002,\"tnp3\":4000,"
            + "\"reason\":\"moved\"," + EVIDENCE + ",\"raisedBy\":\"raiser\",\"approvedBy\":\"approver\"}";

    @Test
    void storedProposalsReadAsTheyWereRaisedAndWriteBackUnchanged() throws Exception {
        ChangeRaised restart = JSON.readValue(RAISED_RESTART, ChangeRaised.class);
        assertThat(restart.proposal()).isEqualTo(new ChangeProposal.Restart(LocalDate.of(2026, 5, 1),
                LocalDate.of(2027, 6, 30), 6000, 1000, null));
        assertThat(((ChangeProposal.Restart) restart.proposal()).learningDeliveries()).isEmpty();
        ChangeRaised employer = JSON.readValue(RAISED_EMPLOYER, ChangeRaised.class);
        ChangeProposal.ChangeOfEmployer proposal = (ChangeProposal.ChangeOfEmployer) employer.proposal();
        assertThat(proposal.status()).as("EmpStat 10 when none was stored").isEqualTo(10);
        assertThat(proposal.employmentStatusMonitorings()).isEmpty();

        for (String stored : List.of(RAISED_RESTART, RAISED_EMPLOYER, RESTARTED, EMPLOYER_CHANGED)) {
            Class<?> type = stored.contains("\"restarts\"") ? LearningRestarted.class
                    : stored.contains("\"approvedBy\"") ? EmployerChanged.class : ChangeRaised.class;
            assertThat(JSON.readTree(JSON.writeValueAsString(JSON.readValue(stored, type))))
                    .as(stored).isEqualTo(JSON.readTree(stored));
        }
    }

    @Test
    void aStoredRestartFoldsAsItDidThen() throws Exception {
        IlrLearner registered = IlrFoldTest.learnerForTests();
        IlrLearner onBreak = IlrFold.apply(registered, new BreakInLearningStarted(
                LearnerId.of(10000001, "LRN1"), UUID.randomUUID(), List.of("p", "c"), LocalDate.of(2026, 2, 27), "ill",
                List.of(), "raiser", "approver"));

        IlrLearner after = IlrFold.apply(onBreak, JSON.readValue(RESTARTED, LearningRestarted.class));

        LearningDelivery programme = after.aim("p2").orElseThrow();
        assertThat(programme.learnPlanEndDate()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(programme.pHours()).as("copied, as restarts then did").isEqualTo(400);
        assertThat(programme.origLearnStartDate()).isEqualTo(LocalDate.of(2025, 9, 1));
        assertThat(programme.appFinRecords()).extracting(p -> "TNP" + p.aFinCode() + " " + p.aFinAmount())
                .containsExactly("TNP1 6000", "TNP2 1000");
        assertThat(programme.learningDeliveryFams()).extracting(f -> f.learnDelFAMType()).containsExactly("ACT", "RES");
        LearningDelivery component = after.aim("c2").orElseThrow();
        assertThat(component.learnPlanEndDate()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(component.priorLearnFundAdj()).as("an apprenticeship aim kept its own then").isNull();

        IlrLearner moved = IlrFold.apply(after, JSON.readValue(EMPLOYER_CHANGED, EmployerChanged.class));
        assertThat(moved.learnerEmploymentStatuses()).last().satisfies(status -> {
            assertThat(status.empStat()).isEqualTo(10);
            assertThat(status.empId()).isEqualTo(100000002);
            assertThat(status.employmentStatusMonitorings()).isEmpty();
        });
    }
}
