package uk.ilrledger.command.learner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import org.springframework.core.env.StandardEnvironment;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveChange;
import uk.ilrledger.schemas.learner.LearnerCommand.ImportLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterImportedLearner;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.learner.LearnerCommand.MarkQaVerified;
import uk.ilrledger.schemas.learner.LearnerCommand.RaiseChange;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RejectChange;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

class LearnerTest {

    static final LearnerId LEARNER = LearnerId.of(SampleLearners.UKPRN, "LRN001");
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate TODAY = LocalDate.of(2026, 3, 15);
    static final EvidenceId EVIDENCE = new EvidenceId("a".repeat(64));
    static final UUID CHANGE = UUID.fromString("00000000-0000-0000-0000-000000000001");

    AggregateTestFixture<Learner> fixture;
    LearnerRegistered registered;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Learner.class);
        fixture.registerCommandTargetResolver(new LearnerCommandTargetResolver());
        fixture.registerInjectableResource(new ChangeRules(new ReferenceData(JsonMapper.builder().build()), new Corrections(JsonMapper.builder().findAndAddModules().build()),
                RuleSources.ilrRules(JsonMapper.builder().build())));
        fixture.registerInjectableResource(new ClosedYears(JsonMapper.builder().findAndAddModules().build(), new StandardEnvironment()));
        Clock clock = Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC);
        fixture.registerInjectableResource(clock);
        ChangeRules rules = new ChangeRules(new ReferenceData(JsonMapper.builder().build()),
                new Corrections(JsonMapper.builder().findAndAddModules().build()), RuleSources.ilrRules(JsonMapper.builder().build()));
        fixture.registerInjectableResource(new ImportedChanges(rules,
                new ClosedYears(JsonMapper.builder().findAndAddModules().build(), new StandardEnvironment()), clock));
        IlrLearner record = SampleLearners.apprentice("LRN001", START);
        registered = new LearnerRegistered(LEARNER, identified(record), "admin");
    }

    /** The record as registration stores it: AimSeqNumbers and SWSupAimIds assigned. */
    private static IlrLearner identified(IlrLearner record) {
        return record.withLearningDeliveries(List.of(
                record.learningDeliveries().get(0).withIdentity(1, "aim-1"),
                record.learningDeliveries().get(1).withIdentity(2, "aim-2")));
    }

    private static RaiseChange withdrawal(LocalDate end, int reason, String... aims) {
        return new RaiseChange(LEARNER, CHANGE, new Withdrawal(end, reason), List.of(aims), end,
                "learner emailed to say they have left", List.of(EVIDENCE), "raiser");
    }

    private ChangeRaised raised(LocalDate end, int reason) {
        return new ChangeRaised(LEARNER, CHANGE, new Withdrawal(end, reason), List.of("aim-1", "aim-2"), end,
                "learner emailed to say they have left", List.of(EVIDENCE), "raiser");
    }

    private static org.hamcrest.Matcher<Object> problem(DomainProblem.Kind kind, String ruleId, String field) {
        return Matchers.predicate(e -> e instanceof DomainProblem p && p.kind() == kind
                && java.util.Objects.equals(p.ruleId(), ruleId) && java.util.Objects.equals(p.field(), field));
    }

    @Test
    void registrationNumbersTheAimsAndGivesEachAStableSwSupAimId() {
        IlrLearner submitted = SampleLearners.apprentice("LRN001", START);
        fixture.givenNoPriorActivity()
                .when(new RegisterLearner(LEARNER, submitted, "admin"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(Matchers.predicate(result -> {
                    List<LearningDelivery> aims = ((IlrLearner) result).learningDeliveries();
                    return aims.get(0).aimSeqNumber() == 1 && aims.get(1).aimSeqNumber() == 2
                            && aims.get(0).swSupAimId() != null
                            && !aims.get(0).swSupAimId().equals(aims.get(1).swSupAimId());
                }));
    }

    @Test
    void registeringTheSameLearnerAgainWithTheSameDataRecordsNothing() {
        IlrLearner submitted = SampleLearners.apprentice("LRN001", START);
        fixture.givenCommands(new RegisterLearner(LEARNER, submitted, "admin"))
                .when(new RegisterLearner(LEARNER, submitted, "admin"))
                .expectNoEvents();
    }

    @Test
    void registeringAnotherLearnerUnderTheSameReferenceIsAConflict() {
        fixture.given(registered)
                .when(new RegisterLearner(LEARNER, SampleLearners.apprentice("LRN001", START.plusDays(1)), "admin"))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, null, "learnRefNumber"));
    }

    @Test
    void aWithdrawalNamingNoAimsConcernsEveryOpenAim() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered)
                .when(withdrawal(end, 97))
                .expectEvents(raised(end, 97));
    }

    @Test
    void aimsCanBeNamedByAimSeqNumber() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered)
                .when(withdrawal(end, 97, "2"))
                .expectEvents(new ChangeRaised(LEARNER, CHANGE, new Withdrawal(end, 97), List.of("aim-2"), end,
                        "learner emailed to say they have left", List.of(EVIDENCE), "raiser"));
    }

    @Test
    void anUnknownAimIsInvalidAndNamesTheAim() {
        fixture.given(registered)
                .when(withdrawal(LocalDate.of(2026, 2, 27), 97, "7"))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.INVALID, null, "aims[0]"));
    }

    @Test
    void aFutureLearnActEndDateFailsLearnActEndDate04() {
        fixture.given(registered)
                .when(withdrawal(TODAY.plusDays(1), 97))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.INVALID, "LearnActEndDate_04", "values.learnActEndDate"));
    }

    @Test
    void anEndBeforeTheStartFailsLearnActEndDate01() {
        fixture.given(registered)
                .when(withdrawal(START.minusDays(1), 97))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.INVALID, "LearnActEndDate_01", "values.learnActEndDate"));
    }

    @Test
    void aWithdrawReasonOutsideTheYearsCodeListFailsWithdrawReason01() {
        fixture.given(registered)
                .when(withdrawal(LocalDate.of(2026, 2, 27), 99))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.INVALID, "WithdrawReason_01", "values.withdrawReason"));
    }

    @Test
    void aDifferentApproverAppliesTheWithdrawal() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered, raised(end, 97))
                .when(new ApproveChange(LEARNER, CHANGE, "approver", "checked the email"))
                .expectEvents(
                        new ChangeApproved(LEARNER, CHANGE, "approver", "checked the email"),
                        new LearnerWithdrawn(LEARNER, CHANGE, List.of("aim-1", "aim-2"), end, 97,
                                "learner emailed to say they have left", List.of(EVIDENCE), "raiser", "approver"));
    }

    @Test
    void theRaiserCannotApproveTheirOwnChange() {
        fixture.given(registered, raised(LocalDate.of(2026, 2, 27), 97))
                .when(new ApproveChange(LEARNER, CHANGE, "raiser", null))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.FORBIDDEN, null, null));
    }

    @Test
    void approvingADecidedChangeIsAConflict() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered, raised(end, 97), new ChangeRejected(LEARNER, CHANGE, "approver2", "no evidence"))
                .when(new ApproveChange(LEARNER, CHANGE, "approver", null))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, null, "changeId"));
    }

    @Test
    void aRejectionLeavesTheIlrAlone() {
        fixture.given(registered, raised(LocalDate.of(2026, 2, 27), 97))
                .when(new RejectChange(LEARNER, CHANGE, "approver", "the email is about another learner"))
                .expectEvents(new ChangeRejected(LEARNER, CHANGE, "approver", "the email is about another learner"));
    }

    @Test
    void withdrawingAWithdrawnAimIsAConflictWithItsCompStatus() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        UUID second = UUID.randomUUID();
        fixture.given(registered, raised(end, 97), new ChangeApproved(LEARNER, CHANGE, "approver", null),
                        new LearnerWithdrawn(LEARNER, CHANGE, List.of("aim-1", "aim-2"), end, 97, "left",
                                List.of(EVIDENCE), "raiser", "approver"))
                .when(new RaiseChange(LEARNER, second, new Withdrawal(end, 97), List.of("1"), end, "again",
                        List.of(EVIDENCE), "raiser"))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, "CompStatus_01", "aims[0]"));
    }

    @Test
    void aRetriedRaiseWithTheSameChangeIdRecordsNothingNew() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered, raised(end, 97))
                .when(withdrawal(end, 97))
                .expectNoEvents()
                .expectResultMessagePayload(CHANGE);
    }

    @Test
    void theSameChangeIdWithOtherContentIsAConflict() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered, raised(end, 97))
                .when(withdrawal(end, 98))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, null, "changeId"));
    }

    @Test
    void aChangeThatNoLongerFitsAtApprovalIsAConflict() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        UUID other = UUID.randomUUID();
        fixture.given(registered, raised(end, 97),
                        new ChangeRaised(LEARNER, other, new Withdrawal(end, 98), List.of("aim-1", "aim-2"), end, "x",
                                List.of(EVIDENCE), "raiser2"),
                        new ChangeApproved(LEARNER, other, "approver", null),
                        new LearnerWithdrawn(LEARNER, other, List.of("aim-1", "aim-2"), end, 98, "x",
                                List.of(EVIDENCE), "raiser2", "approver"))
                .when(new ApproveChange(LEARNER, CHANGE, "approver", null))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, "CompStatus_01", "aims[0]"));
    }

    @Test
    void qaVerificationHoldsUntilTheNextApprovedChange() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        fixture.given(registered)
                .when(new MarkQaVerified(LEARNER, "approver", "evidence pack complete"))
                .expectEvents(new QaVerified(LEARNER, "approver", "evidence pack complete"));
        fixture.given(registered, new QaVerified(LEARNER, "approver", null))
                .when(new MarkQaVerified(LEARNER, "approver2", null))
                .expectNoEvents()
                .expectException(problem(DomainProblem.Kind.CONFLICT, null, "learnRefNumber"));
        fixture.given(registered, new QaVerified(LEARNER, "approver", null), raised(end, 97),
                        new ChangeApproved(LEARNER, CHANGE, "approver", null),
                        new LearnerWithdrawn(LEARNER, CHANGE, List.of("aim-1", "aim-2"), end, 97, "left",
                                List.of(EVIDENCE), "raiser", "approver"))
                .when(new MarkQaVerified(LEARNER, "approver2", "re-checked after the withdrawal"))
                .expectEvents(new QaVerified(LEARNER, "approver2", "re-checked after the withdrawal"));
    }

    /** The held record with aim-1 withdrawn on {@code end} and a new postcode, as a later file holds it. */
    private IlrLearner fileWithdrawing(LocalDate end) {
        IlrLearner held = registered.record();
        IlrLearner.Builder file = held.toBuilder();
        file.postcode = "ZZ99 1AB";
        LearningDelivery.Builder withdrawn = held.aim("aim-1").orElseThrow().toBuilder();
        withdrawn.compStatus = 3;
        withdrawn.learnActEndDate = end;
        withdrawn.withdrawReason = 97;
        withdrawn.outcome = 3;
        // As a provider's system writes it: the ACT FAM ends on the last day of learning.
        withdrawn.learningDeliveryFams = held.aim("aim-1").orElseThrow().learningDeliveryFams().stream()
                .map(fam -> fam.learnDelFAMType().equals("ACT") ? new LearningDeliveryFam(fam.learnDelFAMType(),
                        fam.learnDelFAMCode(), fam.learnDelFAMDateFrom(), end) : fam)
                .toList();
        file.learningDeliveries = List.of(withdrawn.build(), held.aim("aim-2").orElseThrow());
        return file.build();
    }

    private List<ChangeRaised> raisedBy(ImportLearner command, Object... given) {
        List<ChangeRaised> raised = new java.util.ArrayList<>();
        fixture.given(given)
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.listWithAllOf(
                        Matchers.predicate(e -> e instanceof ChangeRaised c && raised.add(c)))));
        return raised;
    }

    @Test
    void aReimportedFileRaisesAWithdrawalDatedFromTheFileAndACorrectionOfWhatElseDiffersNothingRecorded() {
        LocalDate end = LocalDate.of(2026, 2, 27);
        IlrLearner fromFile = fileWithdrawing(end);
        ImportLearner command = new ImportLearner(LEARNER, fromFile, UUID.randomUUID(), EVIDENCE, "ILR-10000001.xml",
                "admin");

        List<ChangeRaised> raised = raisedBy(command, registered);

        assertThat(raised).as(raised.toString()).extracting(change -> change.proposal().type().name())
                .containsExactly("WITHDRAWAL", "CORRECTION");
        ChangeRaised withdrawal = raised.get(0);
        assertThat(withdrawal.proposal()).isEqualTo(new Withdrawal(end, 97));
        assertThat(withdrawal.aims()).containsExactly("aim-1");
        assertThat(withdrawal.effectiveDate()).as("the file's LearnActEndDate, not the day of the import").isEqualTo(end);
        assertThat(withdrawal.raisedBy()).isEqualTo("admin");
        assertThat(withdrawal.evidence()).containsExactly(EVIDENCE);
        assertThat(withdrawal.reason()).contains("ILR-10000001.xml").contains(EVIDENCE.sha256());
        ChangeRaised correction = raised.get(1);
        assertThat(correction.proposal()).isEqualTo(new uk.ilrledger.schemas.learner.ChangeProposal.Correction(
                java.util.Map.of("postcode", "ZZ99 1AB"), null));
        assertThat(correction.effectiveDate()).as("a learner field holds from the learner's start").isEqualTo(START);
        // Approved in order by a second person, the two give the file's record.
        ChangeRules rules = new ChangeRules(new ReferenceData(JsonMapper.builder().build()),
                new Corrections(JsonMapper.builder().findAndAddModules().build()), RuleSources.ilrRules(JsonMapper.builder().build()));
        IlrLearner after = registered.record();
        for (ChangeRaised change : raised) {
            after = IlrFold.apply(after, rules.applied(after, change, "approver"));
        }
        assertThat(after).isEqualTo(fromFile);
    }

    @Test
    void importingTheSameFileAgainRaisesNothingAndAnotherFileDoesNotDoubleAnOpenChange() {
        IlrLearner fromFile = fileWithdrawing(LocalDate.of(2026, 2, 27));
        ImportLearner first = new ImportLearner(LEARNER, fromFile, UUID.randomUUID(), EVIDENCE, "a.xml", "admin");
        List<ChangeRaised> raised = raisedBy(first, registered);
        Object[] history = {registered, raised.get(0), raised.get(1)};

        fixture.given(history).when(new ImportLearner(LEARNER, fromFile, UUID.randomUUID(), EVIDENCE, "a.xml", "admin"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(history).when(new ImportLearner(LEARNER, fromFile, UUID.randomUUID(),
                        new EvidenceId("b".repeat(64)), "b.xml", "admin2"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aDifferenceTheRulesRefuseIsNotRaisedAndItsFieldsAreNotSlippedInAsACorrection() {
        LocalDate future = LocalDate.of(2026, 5, 31); // after the fixture's today, 15 March 2026
        ImportLearner command = new ImportLearner(LEARNER, fileWithdrawing(future), UUID.randomUUID(), EVIDENCE,
                "ILR-10000001.xml", "admin");
        List<ChangeRaised> raised = raisedBy(command, registered);

        assertThat(raised).singleElement().satisfies(change -> {
            assertThat(change.proposal().type().name()).isEqualTo("CORRECTION");
            assertThat(((uk.ilrledger.schemas.learner.ChangeProposal.Correction) change.proposal()).learner())
                    .containsOnlyKeys("postcode");
        });
        fixture.given(registered).when(command).expectResultMessagePayloadMatching(Matchers.predicate(result -> {
            ImportOutcome outcome = (ImportOutcome) result;
            return outcome.refused().size() == 1 && outcome.refused().get(0).type().name().equals("WITHDRAWAL")
                    && "LearnActEndDate_04".equals(outcome.refused().get(0).ruleId())
                    && outcome.refused().get(0).aims().equals(List.of("aim-1"));
        }));
    }

    @Test
    void aNewLearnerInAFileIsRegisteredOnlyWithTheImportsApproverCarryingBoth() {
        IlrLearner fromFile = SampleLearners.apprentice("LRN001", START);
        UUID importId = UUID.randomUUID();
        fixture.givenNoPriorActivity()
                .when(new ImportLearner(LEARNER, fromFile, importId, EVIDENCE, "a.xml", "admin"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RegisterImportedLearner(LEARNER, fromFile, EVIDENCE, "admin", "approver"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(Matchers.predicate(
                        e -> e instanceof LearnerRegistered r && r.registeredBy().equals("admin")
                                && "approver".equals(r.approvedBy()) && r.evidence().equals(List.of(EVIDENCE))),
                        Matchers.andNoMore())));
    }
}
