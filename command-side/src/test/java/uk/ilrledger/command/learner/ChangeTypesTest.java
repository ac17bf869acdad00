package uk.ilrledger.command.learner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import org.springframework.core.env.StandardEnvironment;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeProposal.BreakInLearning;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;
import uk.ilrledger.schemas.learner.ChangeProposal.Completion;
import uk.ilrledger.schemas.learner.ChangeProposal.Correction;
import uk.ilrledger.schemas.learner.ChangeProposal.EndPointAssessment;
import uk.ilrledger.schemas.learner.ChangeProposal.PriceChange;
import uk.ilrledger.schemas.learner.ChangeProposal.ForceInclude;
import uk.ilrledger.schemas.learner.ChangeProposal.OutcomeChange;
import uk.ilrledger.schemas.learner.ChangeProposal.PriorLearningReduction;
import uk.ilrledger.schemas.learner.ChangeProposal.Restart;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.learner.PriceChanged;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveChange;
import uk.ilrledger.schemas.learner.LearnerCommand.RaiseChange;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.learner.RestartTerms;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.problems.DomainProblem.Kind;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.Uln;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

/** Given a registered apprentice, each change type raised and approved, or refused by its rule. */
class ChangeTypesTest {

    static final LearnerId LEARNER = LearnerId.of(SampleLearners.UKPRN, "LRN002");
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate BREAK = LocalDate.of(2025, 12, 19);
    static final LocalDate RESTART = LocalDate.of(2026, 2, 2);
    static final EvidenceId EVIDENCE = new EvidenceId("d".repeat(64));

    AggregateTestFixture<Learner> fixture;
    List<LearnerEvent> history;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Learner.class);
        fixture.registerCommandTargetResolver(new LearnerCommandTargetResolver());
        JsonMapper json = JsonMapper.builder().findAndAddModules().build();
        fixture.registerInjectableResource(new ChangeRules(new ReferenceData(json), new Corrections(json), RuleSources.ilrRules(json)));
        fixture.registerInjectableResource(new ClosedYears(json, new StandardEnvironment()));
        fixture.registerInjectableResource(Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC));
        IlrLearner record = SampleLearners.apprentice("LRN002", START);
        history = new ArrayList<>(List.of(new LearnerRegistered(LEARNER, record.withLearningDeliveries(List.of(
                record.learningDeliveries().get(0).withIdentity(1, "prog"),
                record.learningDeliveries().get(1).withIdentity(2, "comp"))), "admin")));
    }

    /** Records a change as raised by "raiser" and approved by "approver", as the aggregate would. */
    private void approved(ChangeProposal proposal, LocalDate effective, String... aims) {
        ChangeRules rules = new ChangeRules(new ReferenceData(JsonMapper.builder().build()),
                new Corrections(JsonMapper.builder().findAndAddModules().build()),
                RuleSources.ilrRules(JsonMapper.builder().build()));
        IlrLearner record = IlrFold.replay(history);
        ChangeProposal full = proposal.withDefaults(effective);
        List<String> named = aims.length == 0 ? rules.defaultAims(record, full) : List.of(aims);
        ChangeRaised raised = new ChangeRaised(LEARNER, UUID.randomUUID(), full, named, effective, "reason",
                List.of(EVIDENCE), "raiser");
        history.add(raised);
        history.add(new ChangeApproved(LEARNER, raised.changeId(), "approver", null));
        history.add(rules.applied(record, raised, "approver"));
    }

    /** A return on {@code start} priced at the total TNP1/TNP2, the programme aim with 300 planned hours. */
    private static Restart restart(LocalDate start, Integer tnp1, Integer tnp2) {
        return new Restart(start, RESTART.plusMonths(14), tnp1, tnp2, null, null, null, 300, List.of());
    }

    private RaiseChange raise(ChangeProposal proposal, LocalDate effective, String... aims) {
        return new RaiseChange(LEARNER, UUID.randomUUID(), proposal, List.of(aims), effective, "reason",
                List.of(EVIDENCE), "raiser");
    }

    /** Raises then approves {@code proposal}; answers the typed event the approval recorded. */
    private ApprovedChange raiseAndApprove(ChangeProposal proposal, LocalDate effective, String... aims) {
        RaiseChange raise = raise(proposal, effective, aims);
        List<Object> recorded = new ArrayList<>();
        fixture.given(history.toArray()).andGivenCommands(raise)
                .when(new ApproveChange(LEARNER, raise.changeId(), "approver", null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.listWithAllOf(
                        Matchers.predicate(recorded::add))));
        return (ApprovedChange) recorded.stream().map(e -> e instanceof EventMessage<?> m ? m.getPayload() : e)
                .filter(ApprovedChange.class::isInstance).findFirst().orElseThrow();
    }

    private static Matcher<Object> problem(Kind kind, String ruleId, String field) {
        return Matchers.predicate(e -> e instanceof DomainProblem p && p.kind() == kind
                && Objects.equals(p.ruleId(), ruleId) && Objects.equals(p.field(), field));
    }

    private void refused(ChangeProposal proposal, LocalDate effective, Kind kind, String ruleId, String field,
            String... aims) {
        fixture.given(history.toArray())
                .when(raise(proposal, effective, aims))
                .expectNoEvents()
                .expectException(problem(kind, ruleId, field));
    }

    @Test
    void aBreakSetsCompStatus6Outcome3AndNoWithdrawReason() {
        BreakInLearningStarted started = (BreakInLearningStarted) raiseAndApprove(new BreakInLearning(null), BREAK);
        assertThat(started.aims()).containsExactly("prog", "comp");
        history.add(started);
        LearningDelivery programme = IlrFold.replay(history).aim("prog").orElseThrow();
        assertThat(programme.compStatus()).isEqualTo(6);
        assertThat(programme.learnActEndDate()).isEqualTo(BREAK);
        assertThat(programme.outcome()).isEqualTo(3);
        assertThat(programme.withdrawReason()).isNull();
        assertThat(programme.learningDeliveryFams().get(0).learnDelFAMDateTo()).isEqualTo(BREAK);
    }

    @Test
    void noBreakOnAWithdrawnAim() {
        approved(new Withdrawal(BREAK, 97), BREAK);
        refused(new BreakInLearning(null), RESTART, Kind.CONFLICT, "CompStatus_01", "aims[0]", "1");
    }

    @Test
    void noRestartWithoutABreak() {
        refused(restart(RESTART, 6000, 1000), RESTART, Kind.CONFLICT,
                "LDG_RestartWithoutBreak", "aims[0]", "1");
    }

    @Test
    void aRestartAddsNewAimsThatContinueTheOriginalsAndTheOriginalsStayOnABreak() {
        approved(new BreakInLearning(null), BREAK);
        LearningRestarted restarted = (LearningRestarted) raiseAndApprove(
                restart(null, 6000, 1000), RESTART);
        assertThat(restarted.restarts()).extracting(r -> r.originalAim()).containsExactly("prog", "comp");
        assertThat(restarted.restarts()).extracting(r -> r.aimSeqNumber()).containsExactly(3, 4);
        history.add(restarted);

        IlrLearner after = IlrFold.replay(history);
        assertThat(after.aim("prog").orElseThrow().compStatus()).isEqualTo(6);
        LearningDelivery newProgramme = after.aim(restarted.restarts().get(0).swSupAimId()).orElseThrow();
        assertThat(newProgramme.learnStartDate()).isEqualTo(RESTART);
        assertThat(newProgramme.origLearnStartDate()).isEqualTo(START);
        assertThat(newProgramme.compStatus()).isEqualTo(1);
        assertThat(newProgramme.learningDeliveryFams()).extracting(f -> f.learnDelFAMType() + "=" + f.learnDelFAMCode()
                + " from " + f.learnDelFAMDateFrom()).containsExactly("ACT=1 from " + RESTART, "RES=1 from null");
        assertThat(newProgramme.appFinRecords()).extracting(p -> p.aFinType() + p.aFinCode() + " " + p.aFinDate() + " "
                + p.aFinAmount()).containsExactly("TNP1 " + RESTART + " 6000", "TNP2 " + RESTART + " 1000");
    }

    @Test
    void aRestartMustStartAfterTheBreakBegan() {
        approved(new BreakInLearning(null), BREAK);
        refused(restart(BREAK, 6000, 1000), BREAK, Kind.INVALID, "R124",
                "values.learnStartDate");
    }

    @Test
    void anAimRestartsOnce() {
        approved(new BreakInLearning(null), BREAK);
        approved(restart(null, 6000, 1000), RESTART);
        refused(restart(RESTART.plusDays(7), 6000, 1000), RESTART, Kind.CONFLICT,
                "LDG_AlreadyRestarted", "aims[0]", "prog");
    }

    @Test
    void anApprenticeshipRestartNeedsThePriceForTheRemainder() {
        approved(new BreakInLearning(null), BREAK);
        refused(restart(null, null, 1000), RESTART, Kind.INVALID, "AFinType_13",
                "values.tnp1");
    }

    @Test
    void aRestartTakesItsOwnTermsForEachAim() {
        approved(new BreakInLearning(null), BREAK);
        LearningRestarted restarted = (LearningRestarted) raiseAndApprove(new Restart(null, RESTART.plusMonths(14),
                5500, 900, null, null, null, null, List.of(new RestartTerms("prog", null, 280, null),
                        new RestartTerms("comp", RESTART.plusMonths(8), 40, 60))), RESTART);
        history.add(restarted);

        IlrLearner after = IlrFold.replay(history);
        LearningDelivery programme = after.aim(restarted.restarts().get(0).swSupAimId()).orElseThrow();
        assertThat(programme.learnPlanEndDate()).isEqualTo(RESTART.plusMonths(14));
        assertThat(programme.pHours()).as("proposed, not the original's 400").isEqualTo(280);
        LearningDelivery component = after.aim(restarted.restarts().get(1).swSupAimId()).orElseThrow();
        assertThat(component.learnPlanEndDate()).isEqualTo(RESTART.plusMonths(8));
        assertThat(component.pHours()).isEqualTo(40);
        assertThat(component.priorLearnFundAdj()).as("the part still to deliver").isEqualTo(60);
        assertThat(component.appFinRecords()).isEmpty();
    }

    @Test
    void aRestartProposesItsPlannedHoursAndNamesOnlyItsOwnAims() {
        approved(new BreakInLearning(null), BREAK);
        refused(new Restart(null, RESTART.plusMonths(14), 6000, 1000, null), RESTART, Kind.INVALID, "PHours_01",
                "values.pHours");
        refused(new Restart(null, RESTART.plusMonths(14), 6000, 1000, null, null, null, null,
                List.of(new RestartTerms("prog", null, 300, null), new RestartTerms("elsewhere", null, 10, null))),
                RESTART, Kind.INVALID, null, "values.learningDeliveries[1].swSupAimId");
        refused(new Restart(null, RESTART.plusMonths(14), 6000, 1000, null, null, null, null,
                List.of(new RestartTerms("prog", RESTART.minusDays(1), 300, null))), RESTART, Kind.INVALID,
                "LearnPlanEndDate_02", "values.learningDeliveries[0].learnPlanEndDate");
        refused(new Restart(null, RESTART.plusMonths(14), 6000, 1000, null, 4000, null, null,
                List.of(new RestartTerms("prog", null, 300, null))), RESTART, Kind.INVALID, "LDG_NotResidual",
                "values.tnp3");
    }

    @Test
    void aRedundancyInTheBreakThenANewEmployerPricesTheRestartResidual() {
        approved(new BreakInLearning(null), BREAK);
        LocalDate redundancy = BREAK.plusDays(1);
        approved(new ChangeOfEmployer(redundancy, null, null, null, 11,
                List.of(new EmploymentStatusMonitoring("LOU", 1), new EmploymentStatusMonitoring("BSI", 4))),
                redundancy);
        refused(restart(null, 6000, 1000), RESTART, Kind.INVALID, "R110", "values.learnStartDate");
        refused(new ChangeOfEmployer(RESTART.minusDays(21), 100000002, 4000, 800), RESTART.minusDays(21),
                Kind.INVALID, "AFinDate_13", "values.tnp3");
        approved(new ChangeOfEmployer(RESTART.minusDays(21), 100000002, null, null), RESTART.minusDays(21));

        refused(restart(null, 6000, 1000), RESTART, Kind.INVALID, "AFinDate_05", "values.tnp1");
        LearningRestarted restarted = (LearningRestarted) raiseAndApprove(new Restart(null, RESTART.plusMonths(14),
                null, null, null, 4000, 800, null, List.of(new RestartTerms("prog", null, 300, null))), RESTART);
        history.add(restarted);

        IlrLearner after = IlrFold.replay(history);
        assertThat(after.learnerEmploymentStatuses()).extracting(s -> s.empStat() + "/" + s.empId())
                .containsExactly("10/123456789", "11/null", "10/100000002");
        assertThat(after.learnerEmploymentStatuses().get(1).employmentStatusMonitorings())
                .extracting(m -> m.esmType() + m.esmCode()).containsExactly("LOU1", "BSI4");
        LearningDelivery programme = after.aim(restarted.restarts().get(0).swSupAimId()).orElseThrow();
        assertThat(programme.appFinRecords()).extracting(p -> p.aFinType() + p.aFinCode() + " " + p.aFinDate() + " "
                + p.aFinAmount()).containsExactly("TNP3 " + RESTART + " 4000", "TNP4 " + RESTART + " 800");
        assertThat(programme.origLearnStartDate()).isEqualTo(START);
    }

    @Test
    void aNewEmployerFromTheRestartDatePricesTheRestartResidual() {
        approved(new BreakInLearning(null), BREAK);
        approved(new ChangeOfEmployer(RESTART, 100000002, null, null), RESTART);
        refused(restart(null, 6000, 1000), RESTART, Kind.INVALID, "AFinDate_05", "values.tnp1");
        approved(new Restart(null, RESTART.plusMonths(14), null, null, null, 4000, 800, 300, List.of()), RESTART);
    }

    @Test
    void aProgrammeAlreadyPricedResidualRestartsResidualWithTheSameEmployer() {
        approved(new ChangeOfEmployer(LocalDate.of(2025, 11, 3), 100000002, 5000, 900), LocalDate.of(2025, 11, 3));
        approved(new BreakInLearning(null), BREAK);
        refused(restart(null, 6000, 1000), RESTART, Kind.INVALID, "AFinDate_05", "values.tnp1");
        refused(new Restart(null, RESTART.plusMonths(14), null, null, null, null, 800, 300, List.of()), RESTART,
                Kind.INVALID, "AFinType_13", "values.tnp3");
        approved(new Restart(null, RESTART.plusMonths(14), null, null, null, 3500, 900, 300, List.of()), RESTART);
    }

    @Test
    void anEmploymentStatusIsCheckedAgainstTheYearsCodesAndItsNeighbours() {
        LocalDate change = LocalDate.of(2026, 1, 5);
        refused(new ChangeOfEmployer(change, 100000002, null, null, 13, List.of()), change, Kind.INVALID,
                "EmpStat_01", "values.empStat");
        refused(new ChangeOfEmployer(change, 100000002, null, null, 11, List.of()), change, Kind.INVALID,
                "EmpId_14", "values.empId");
        refused(new ChangeOfEmployer(change, null, null, null, 10, List.of()), change, Kind.INVALID, "EmpId_10",
                "values.empId");
        refused(new ChangeOfEmployer(change, null, null, null, 11, List.of(new EmploymentStatusMonitoring("BSI", 9))),
                change, Kind.INVALID, "ESMType_01", "values.employmentStatusMonitorings[0].esmCode");
        refused(new ChangeOfEmployer(change, 100000002, null, null, 10, List.of(new EmploymentStatusMonitoring("LOU", 1))),
                change, Kind.INVALID, "ESMType_05", "values.employmentStatusMonitorings[0].esmType");
        refused(new ChangeOfEmployer(change, null, 4000, null, 11, List.of()), change, Kind.INVALID, null,
                "values.tnp3");
        refused(new ChangeOfEmployer(START, null, null, null, 11, List.of()), START, Kind.INVALID, "R110",
                "values.empStat");
        approved(new ChangeOfEmployer(change, null, null, null, 11, List.of(new EmploymentStatusMonitoring("LOU", 1))),
                change);
        LocalDate later = change.plusDays(14);
        refused(new ChangeOfEmployer(later, null, null, null, 11, List.of(new EmploymentStatusMonitoring("LOU", 1))),
                later, Kind.INVALID, "R97", "values.empStat");
        approved(new ChangeOfEmployer(later, null, null, null, 11, List.of(new EmploymentStatusMonitoring("LOU", 2))),
                later);
    }

    @Test
    void aReturnAfterAWithdrawalIsANewStartAtANewTotalPrice() {
        approved(new Withdrawal(BREAK, 97), BREAK);
        refused(restart(null, 6000, 1000), RESTART, Kind.CONFLICT, "LDG_NoAim", "aims");
        LearningRestarted restarted = (LearningRestarted) raiseAndApprove(restart(null, 6000, 1000), RESTART,
                "prog", "comp");
        history.add(restarted);

        LearningDelivery programme = IlrFold.replay(history).aim(restarted.restarts().get(0).swSupAimId())
                .orElseThrow();
        assertThat(programme.origLearnStartDate()).isNull();
        assertThat(programme.learningDeliveryFams()).extracting(f -> f.learnDelFAMType()).containsExactly("ACT");
        assertThat(programme.appFinRecords()).extracting(p -> p.aFinType() + p.aFinCode() + " " + p.aFinAmount())
                .containsExactly("TNP1 6000", "TNP2 1000");
        refused(restart(RESTART.plusDays(7), 6000, 1000), RESTART.plusDays(7), Kind.CONFLICT, "LDG_AlreadyRestarted",
                "aims[0]", "prog");
    }

    @Test
    void aChangeOfEmployerAddsAnEmploymentStatusAndResidualPrices() {
        LocalDate change = LocalDate.of(2026, 1, 5);
        EmployerChanged changed = (EmployerChanged) raiseAndApprove(
                new ChangeOfEmployer(null, 100000002, 5000, 900), change);
        assertThat(changed.aims()).containsExactly("prog");
        history.add(changed);
        IlrLearner after = IlrFold.replay(history);
        assertThat(after.learnerEmploymentStatuses()).last()
                .isEqualTo(new LearnerEmploymentStatus(10, change, 100000002, List.of()));
        assertThat(after.aim("prog").orElseThrow().appFinRecords()).extracting(p -> p.aFinType() + p.aFinCode()
                + " " + p.aFinDate()).contains("TNP3 " + change, "TNP4 " + change);
    }

    @Test
    void anEmployerChangeIsRefusedByItsRules() {
        LocalDate change = LocalDate.of(2026, 1, 5);
        refused(new ChangeOfEmployer(change, 100000000, null, null), change, Kind.INVALID, "EmpId_02", "values.empId");
        refused(new ChangeOfEmployer(change, 123456789, null, null), change, Kind.INVALID, "R97", "values.empId");
        refused(new ChangeOfEmployer(START, 100000002, 5000, null), START, Kind.INVALID, "AFinDate_05",
                "values.dateEmpStatApp");
        refused(new ChangeOfEmployer(START.minusDays(1), 100000002, null, null), START.minusDays(1), Kind.INVALID,
                "LDG_OutsideAimLife", "values.dateEmpStatApp");
        approved(new ChangeOfEmployer(change, 100000002, null, null), change);
        refused(new ChangeOfEmployer(change, 123456789, null, null), change, Kind.INVALID, "R43",
                "values.dateEmpStatApp");
    }

    @Test
    void noEmployerChangeOnANonApprenticeshipAim() {
        IlrLearner record = IlrFold.replay(history);
        LearningDelivery.Builder adult = record.aim("comp").orElseThrow().toBuilder();
        adult.fundModel = 35;
        adult.aimType = 4;
        adult.progType = null;
        adult.stdCode = null;
        history.set(0, new LearnerRegistered(LEARNER, record.withLearningDeliveries(
                List.of(record.aim("prog").orElseThrow(), adult.build())), "admin"));
        LocalDate change = LocalDate.of(2026, 1, 5);
        refused(new ChangeOfEmployer(change, 100000002, null, null), change, Kind.CONFLICT, "LDG_NotApprenticeship",
                "aims[0]", "2");
    }

    @Test
    void recognisedPriorLearningKeepsTheFiguresBeforeAndAfter() {
        PriorLearningRecognised rpl = (PriorLearningRecognised) raiseAndApprove(
                new PriorLearningReduction(7000, null, START.plusMonths(15), 300, null), START, "prog");
        assertThat(rpl.before()).containsExactly(new AimTerms("prog", 9000, 1000, START.plusMonths(18), 400, null));
        assertThat(rpl.after()).containsExactly(new AimTerms("prog", 7000, 1000, START.plusMonths(15), 300, null));
        history.add(rpl);
        LearningDelivery programme = IlrFold.replay(history).aim("prog").orElseThrow();
        assertThat(IlrFold.latestPrice(programme, 1)).isEqualTo(7000);
        assertThat(programme.learnPlanEndDate()).isEqualTo(START.plusMonths(15));
        assertThat(programme.pHours()).isEqualTo(300);
    }

    @Test
    void recognisedPriorLearningOnlyReduces() {
        refused(new PriorLearningReduction(9500, null, null, null, null), START, Kind.INVALID, "LDG_NotAReduction",
                "values.tnp1", "prog");
    }

    @Test
    void completionLeavesAStandardsProgrammeAimContinuingUntilItsEndPointAssessment() {
        LocalDate end = LocalDate.of(2026, 2, 20);
        AimCompleted completed = (AimCompleted) raiseAndApprove(new Completion(null), end);
        assertThat(completed.outcome()).isEqualTo(8);
        assertThat(completed.awaitingEndPointAssessment()).containsExactly("prog");
        history.add(completed);
        IlrLearner record = IlrFold.replay(history);
        LearningDelivery programme = record.aim("prog").orElseThrow();
        assertThat(programme.compStatus()).as("training done, EPA to come").isEqualTo(1);
        assertThat(programme.learnActEndDate()).isEqualTo(end);
        assertThat(programme.outcome()).isEqualTo(8);
        assertThat(programme.learningDeliveryFams().get(0).learnDelFAMDateTo()).as("ACT left open").isNull();
        assertThat(record.aim("comp").orElseThrow().compStatus()).isEqualTo(2);

        refused(new OutcomeChange(1, null, null), end, Kind.CONFLICT, "LDG_UseEndPointAssessment", "aims[0]", "prog");
        refused(new Completion(null), end.plusDays(1), Kind.CONFLICT, "LDG_TrainingFinished", "aims[0]", "prog");
        refused(new BreakInLearning(null), end.plusDays(1), Kind.CONFLICT, "LDG_NoAim", "aims");
        refused(new OutcomeChange(1, end.plusDays(10), null), end, Kind.INVALID, "AchDate_09", "values.achDate", "comp");
        refused(new EndPointAssessment(null, 1, null), end.plusDays(3), Kind.INVALID, "AchDate_11", "values.achDate");
        refused(new EndPointAssessment(null, 2, null), end.plusDays(10), Kind.INVALID, "LDG_EndPointAssessmentOutcome",
                "values.outcome");
        refused(new EndPointAssessment(null, 1, null), end.plusDays(10), Kind.CONFLICT, "AchDate_09", "aims[0]", "comp");

        EndPointAssessmentRecorded passed = (EndPointAssessmentRecorded) raiseAndApprove(
                new EndPointAssessment(null, 1, "MERIT"), end.plusDays(10));
        assertThat(passed.aims()).containsExactly("prog");
        history.add(passed);
        programme = IlrFold.replay(history).aim("prog").orElseThrow();
        assertThat(programme.compStatus()).isEqualTo(2);
        assertThat(programme.outcome()).isEqualTo(1);
        assertThat(programme.achDate()).isEqualTo(end.plusDays(10));
        assertThat(programme.outGrade()).isEqualTo("MERIT");
        assertThat(programme.learnActEndDate()).as("the last day of training stays").isEqualTo(end);
        assertThat(programme.learningDeliveryFams().get(0).learnDelFAMDateTo()).as("R121").isEqualTo(end.plusDays(10));

        refused(new EndPointAssessment(null, 1, null), end.plusDays(12), Kind.CONFLICT, "LDG_NoAim", "aims");
        refused(new EndPointAssessment(null, 3, null), end.plusDays(12), Kind.CONFLICT, "CompStatus_01", "aims[0]",
                "prog");
    }

    @Test
    void aFailedEndPointAssessmentCompletesTheAimWithOutcome3AndAnAchDate() {
        LocalDate end = LocalDate.of(2026, 2, 20);
        approved(new Completion(null), end);
        history.add(raiseAndApprove(new EndPointAssessment(null, 3, null), end.plusDays(14)));
        LearningDelivery programme = IlrFold.replay(history).aim("prog").orElseThrow();
        assertThat(programme.compStatus()).isEqualTo(2);
        assertThat(programme.outcome()).isEqualTo(3);
        assertThat(programme.achDate()).as("the date the EPA was completed, pass or fail").isEqualTo(end.plusDays(14));
    }

    @Test
    void noEndPointAssessmentBeforeTrainingHasFinished() {
        refused(new EndPointAssessment(null, 1, null), RESTART, Kind.CONFLICT, "LDG_TrainingNotFinished", "aims[0]",
                "prog");
        refused(new EndPointAssessment(LocalDate.of(2026, 3, 20), 1, null), LocalDate.of(2026, 3, 20), Kind.INVALID,
                "AchDate_07", "values.achDate", "prog");
    }

    @Test
    void recognisedPriorLearningIsAssessedBeforeTheStart() {
        refused(new PriorLearningReduction(8000, null, null, null, null), START.plusDays(30), Kind.INVALID,
                "LDG_PriorLearningAfterStart", "effectiveDate", "prog");
    }

    @Test
    void aPriceChangeAddsANewPriceRecordFromItsDateAndKeepsTheEarlierOne() {
        LocalDate changed = LocalDate.of(2026, 1, 5);
        PriceChanged price = (PriceChanged) raiseAndApprove(new PriceChange(null, 8000, null, null, null), changed);
        assertThat(price.aims()).containsExactly("prog");
        assertThat(price.before()).containsExactly(new AppFinRecord("TNP", 1, START, 9000));
        history.add(price);
        assertThat(IlrFold.replay(history).aim("prog").orElseThrow().appFinRecords()).containsExactly(
                new AppFinRecord("TNP", 1, START, 9000), new AppFinRecord("TNP", 2, START, 1000),
                new AppFinRecord("TNP", 1, changed, 8000));

        refused(new PriceChange(null, 7000, null, null, null), START.minusDays(1), Kind.INVALID, "LDG_OutsideAimLife",
                "values.aFinDate");
        refused(new PriceChange(null, 7000, null, null, null), changed, Kind.INVALID, "R68", "values.tnp1");
        refused(new PriceChange(null, null, null, 5000, null), changed, Kind.INVALID, "AFinDate_07", "values.aFinDate");
        refused(new PriceChange(null, null, null, null, null), changed, Kind.INVALID, null, "values");
    }

    @Test
    void onceResidualEveryLaterPriceIsResidualAndNoneAfterTheEnd() {
        approved(new ChangeOfEmployer(LocalDate.of(2026, 1, 12), 100000002, 5000, 800), LocalDate.of(2026, 1, 12));
        refused(new PriceChange(null, 4000, null, null, null), LocalDate.of(2026, 2, 2), Kind.INVALID, "AFinDate_05",
                "values.tnp1");
        refused(new PriceChange(null, null, 700, null, null), LocalDate.of(2026, 2, 2), Kind.INVALID, "AFinDate_06",
                "values.tnp2");
        PriceChanged residual = (PriceChanged) raiseAndApprove(new PriceChange(null, null, null, 4000, null),
                LocalDate.of(2026, 2, 2));
        assertThat(residual.appFinRecords()).containsExactly(new AppFinRecord("TNP", 3, LocalDate.of(2026, 2, 2), 4000));
        assertThat(residual.before()).containsExactly(new AppFinRecord("TNP", 3, LocalDate.of(2026, 1, 12), 5000));

        approved(new Withdrawal(BREAK.plusMonths(2), 97), BREAK.plusMonths(2));
        refused(new PriceChange(null, null, null, 3000, null), LocalDate.of(2026, 3, 2), Kind.INVALID, "AFinDate_13",
                "values.aFinDate", "prog");
    }

    @Test
    void anOutcomeNeedsTheAimToHaveEnded() {
        refused(new OutcomeChange(3, null, null), START, Kind.CONFLICT, "Outcome_12", "aims[0]", "1");
    }

    @Test
    void aCorrectionChangesAnyFieldAndIsCheckedLikeARegistration() {
        RecordCorrected corrected = (RecordCorrected) raiseAndApprove(
                new Correction(Map.of("familyName", "Exampel"), Map.of("delLocPostCode", "ZZ99 8ZZ")), START, "comp");
        // Only the named fields are recorded, so the correction applies over the record as it is on its own date.
        assertThat(corrected.changes()).containsExactly(
                CorrectedField.learner("familyName", "Example", "Exampel"),
                CorrectedField.aim("comp", "delLocPostCode", "ZZ99 9ZZ", "ZZ99 8ZZ"));
        assertThat(corrected.effectiveDate()).isEqualTo(START);
        assertThat(corrected.wholeRecord()).isFalse();

        refused(new Correction(Map.of("uln", 1234567890L), null), START, Kind.INVALID, null, "values.learner.uln");
        refused(new Correction(null, Map.of("swSupAimId", "x")), START, Kind.INVALID, null,
                "values.learningDelivery.swSupAimId", "1");
        refused(new Correction(Map.of("colour", "blue"), null), START, Kind.INVALID, null, "values.learner.colour");
        refused(new Correction(Map.of("familyName", "Example"), null), START, Kind.INVALID, null, "values");
    }

    @Test
    void aCorrectionIsHeldToTheRulesOfTheChangeThatWouldWriteTheField() {
        refused(new Correction(null, Map.of("compStatus", 3, "learnActEndDate", BREAK.toString(), "outcome", 3)),
                BREAK, Kind.INVALID, "WithdrawReason_03", "values.learningDelivery.withdrawReason", "prog");
        refused(new Correction(null, Map.of("compStatus", 3, "learnActEndDate", BREAK.toString(), "outcome", 1,
                "withdrawReason", 97)), BREAK, Kind.CONFLICT, "CompStatus_06", "values.learningDelivery.outcome", "prog");
        refused(new Correction(null, Map.of("learnActEndDate", BREAK.toString())), BREAK,
                Kind.INVALID, "Outcome_11", "values.learningDelivery.outcome", "prog");
        refused(new Correction(null, Map.of("learnActEndDate", "2026-04-30", "outcome", 8)), START,
                Kind.INVALID, "LearnActEndDate_04", "values.learningDelivery.learnActEndDate", "prog");
    }

    @Test
    void aProblemAlreadyOnTheRecordDoesNotBlockAnUnrelatedCorrection() {
        // A withdrawn aim given Outcome 1 before the ledger checked it: the record already breaks CompStatus_06.
        history.add(new LearnerWithdrawn(LEARNER, UUID.randomUUID(), List.of("prog"), BREAK, 97, "left",
                List.of(EVIDENCE), "raiser", "approver"));
        history.add(new OutcomeRecorded(LEARNER, UUID.randomUUID(), List.of("prog"), 1, null, null, "imported",
                List.of(EVIDENCE), "raiser", "approver"));
        RecordCorrected corrected = (RecordCorrected) raiseAndApprove(
                new Correction(null, Map.of("delLocPostCode", "ZZ99 8ZZ")), BREAK, "prog");
        assertThat(corrected.changes()).containsExactly(CorrectedField.aim("prog", "delLocPostCode", "ZZ99 9ZZ", "ZZ99 8ZZ"));
    }

    @Test
    void everyChangeTypeHasItsOwnRules() {
        ChangeRules rules = new ChangeRules(new ReferenceData(JsonMapper.builder().build()),
                new Corrections(JsonMapper.builder().findAndAddModules().build()),
                RuleSources.ilrRules(JsonMapper.builder().build()));
        for (ChangeType type : ChangeType.values()) {
            assertThat(rules.of(type).type()).isEqualTo(type);
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(DomainProblem.class, () -> rules.of(null))
                .field()).isEqualTo("type");
    }

    @Test
    void anAssessmentOrAPriceDatedInAClosedYearIsRefusedAndOneAfterItIsTaken() {
        // Training ended in 2024-25, closed since its R14 hard close in October 2025.
        IlrLearner record = SampleLearners.apprentice("LRN002", LocalDate.of(2024, 9, 2));
        history = new ArrayList<>(List.of(new LearnerRegistered(LEARNER, record.withLearningDeliveries(List.of(
                record.learningDeliveries().get(0).withIdentity(1, "prog"),
                record.learningDeliveries().get(1).withIdentity(2, "comp"))), "admin")));
        approved(new Completion(null), LocalDate.of(2025, 6, 30));

        refused(new EndPointAssessment(null, 1, null), LocalDate.of(2025, 7, 21), Kind.CONFLICT,
                ClosedYears.RULE_ID, "effectiveDate");
        refused(new PriceChange(null, null, 1200, null, null), LocalDate.of(2025, 6, 2), Kind.CONFLICT,
                ClosedYears.RULE_ID, "effectiveDate");
        EndPointAssessmentRecorded taken = (EndPointAssessmentRecorded) raiseAndApprove(
                new EndPointAssessment(null, 1, null), LocalDate.of(2025, 8, 11));
        assertThat(taken.achDate()).isEqualTo(LocalDate.of(2025, 8, 11));
    }

    @Test
    void forceIncludeNamesTheYear() {
        AimForceIncluded included = (AimForceIncluded) raiseAndApprove(new ForceInclude("2526"), START, "prog");
        assertThat(included.year()).isEqualTo("2526");
        assertThat(included.aims()).containsExactly("prog");
        refused(new ForceInclude("2527"), START, Kind.INVALID, null, "values.year", "prog");
    }

    @Test
    void findingsAlreadyOnTheRecordNeverBlockAChangeThatDoesNotTouchThem() {
        IlrLearner registered = IlrFold.replay(history);
        IlrLearner.Builder flawed = registered.toBuilder();
        long stem = registered.uln().value() / 10 * 10;
        flawed.uln = java.util.stream.LongStream.range(stem, stem + 10).mapToObj(Uln::new)
                .filter(uln -> !uln.checkDigitValid()).findFirst().orElseThrow();
        flawed.postcode = "ZZ999ZZ";
        LearningDelivery.Builder component = registered.learningDeliveries().get(1).toBuilder();
        component.learnPlanEndDate = START.minusDays(1);
        flawed.learningDeliveries = List.of(registered.learningDeliveries().get(0), component.build());
        IlrLearner imported = flawed.build();
        history.set(0, new LearnerRegistered(LEARNER, imported, "importer", List.of(EVIDENCE)));
        assertThat(RuleSources.ilrRules(JsonMapper.builder().build()).findings(imported, CollectionYear.parse("2526"),
                LocalDate.of(2026, 3, 15))).extracting(Finding::ruleId)
                .as("the imported record breaks these rules").contains("ULN_04", "LearnPlanEndDate_02", "Postcode_14");

        RecordCorrected renamed = (RecordCorrected) raiseAndApprove(
                new Correction(Map.of("familyName", "Renamed"), null), START);
        assertThat(renamed.changes()).extracting(CorrectedField::field).containsExactly("familyName");
        LocalDate left = LocalDate.of(2026, 3, 2);
        LearnerWithdrawn withdrawn = (LearnerWithdrawn) raiseAndApprove(new Withdrawal(left, 97), left);
        assertThat(withdrawn.aims()).containsExactly("prog", "comp");
    }
}
