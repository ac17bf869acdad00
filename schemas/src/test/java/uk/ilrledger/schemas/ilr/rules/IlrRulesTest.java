package uk.ilrledger.schemas.ilr.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/** Each DfE rule judged on a learner shaped as a provider's file holds one, against a clean learner. */
class IlrRulesTest {

    static final CollectionYear YEAR = CollectionYear.parse("2526");
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate PREPARED = LocalDate.of(2026, 3, 6);

    private final IlrRules rules = fromClasspath();

    /** The rules as shipped: the year's rule list and code lists read from the classpath. */
    static IlrRules fromClasspath() {
        JsonMapper json = JsonMapper.builder().build();
        return new IlrRules(
                new RuleBook(year -> read(json, "import-rules/" + year.code() + ".json", new TypeReference<>() {
                })),
                new YearCodes(year -> read(json, "reference-data/" + year.code() + ".json",
                        new TypeReference<Map<String, Object>>() {
                        })));
    }

    private static <T> T read(JsonMapper json, String resource, TypeReference<T> type) {
        try (InputStream in = IlrRulesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first ULN from {@code from} on whose check digit is right (or, when {@code valid} is false, wrong). */
    static Uln uln(long from, boolean valid) {
        return LongStream.iterate(from, v -> v + 1).mapToObj(Uln::new)
                .filter(u -> u.checkDigitValid() == valid).findFirst().orElseThrow();
    }

    static int empId(int from, boolean valid) {
        int v = from;
        while (EmpId.valid(v) != valid) {
            v++;
        }
        return v;
    }

    /** A continuing apprenticeship standard with one component, employed from before the start, ACT 1 open. */
    static IlrLearner apprentice() {
        IlrLearner sample = Learners.apprentice("A0001");
        LearningDelivery.Builder programme = sample.learningDeliveries().get(0).toBuilder();
        programme.compStatus = 1;
        programme.learnActEndDate = null;
        programme.withdrawReason = null;
        programme.outcome = null;
        programme.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, null));
        LearningDelivery.Builder component = sample.learningDeliveries().get(1).toBuilder();
        component.compStatus = 1;
        component.learnActEndDate = null;
        component.outcome = null;
        component.achDate = null;
        component.outGrade = null;
        IlrLearner.Builder learner = sample.toBuilder();
        learner.uln = uln(4_417_000_000L, true);
        learner.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(10), empId(154_000_000, true), List.of()));
        learner.learningDeliveries = List.of(programme.build(), component.build());
        return learner.build();
    }

    private List<Finding> findings(IlrLearner learner) {
        return rules.findings(learner, YEAR, PREPARED);
    }

    private static IlrLearner aim(IlrLearner learner, int index, Consumer<LearningDelivery.Builder> change) {
        List<LearningDelivery> aims = new ArrayList<>(learner.learningDeliveries());
        LearningDelivery.Builder b = aims.get(index).toBuilder();
        change.accept(b);
        aims.set(index, b.build());
        return learner.withLearningDeliveries(aims);
    }

    private static IlrLearner learner(IlrLearner learner, Consumer<IlrLearner.Builder> change) {
        IlrLearner.Builder b = learner.toBuilder();
        change.accept(b);
        return b.build();
    }

    @Test
    void aCleanApprenticeBreaksNoRule() {
        assertThat(findings(apprentice())).isEmpty();
    }

    @Test
    void aUlnFailingItsCheckDigitIsUln04AnErrorOnTheLearner() {
        Uln bad = uln(4_417_000_000L, false);
        assertThat(findings(learner(apprentice(), l -> l.uln = bad)))
                .extracting(Finding::ruleId, Finding::severity, Finding::entity, Finding::field, Finding::message)
                .containsExactly(tuple("ULN_04", Severity.error, "Learner", "ULN", "ULN " + bad + " fails its check digit"));
        assertThat(findings(learner(apprentice(), l -> l.uln = Uln.NOT_KNOWN))).isEmpty();
    }

    @Test
    void aNameOutsideTheDfEsCharacterSetIsAnErrorNamingTheCharacterNotTheName() {
        IlrLearner learner = learner(apprentice(), l -> {
            l.familyName = "\u0418\u0432\u0430\u043d";
            l.givenNames = "Sam\u202Egnp";
        });
        assertThat(findings(learner)).extracting(Finding::ruleId, Finding::severity, Finding::entity, Finding::field)
                .containsExactly(tuple("FD_FamilyName_AP", Severity.error, "Learner", "FamilyName"),
                        tuple("FD_GivenNames_AP", Severity.error, "Learner", "GivenNames"));
        assertThat(findings(learner)).extracting(Finding::message).allSatisfy(message ->
                assertThat(message).contains("U+").doesNotContain("\u0418\u0432").doesNotContain("gnp"));
        assertThat(findings(learner(apprentice(), l -> l.familyName = "O'Brien-N\u00fa\u00f1ez"))).isEmpty();
    }

    @Test
    void endDatesBeforeTheStartNameTheAim() {
        IlrLearner learner = aim(apprentice(), 1, a -> {
            a.learnPlanEndDate = START.minusDays(1);
            a.learnActEndDate = START.minusDays(3);
            a.compStatus = 3;
            a.withdrawReason = 97;
            a.outcome = 3;
        });
        assertThat(findings(learner)).extracting(Finding::ruleId, Finding::field, Finding::aimSeqNumber, Finding::path)
                .containsExactly(
                        tuple("LearnPlanEndDate_02", "LearnPlanEndDate", 2, "learningDeliveries[1].learnPlanEndDate"),
                        tuple("LearnActEndDate_01", "LearnActEndDate", 2, "learningDeliveries[1].learnActEndDate"));
    }

    @Test
    void anEndingOrAchievementAfterThePreparationDateCannotBeReturnedYet() {
        IlrLearner learner = aim(apprentice(), 1, a -> {
            a.learnActEndDate = PREPARED.plusDays(1);
            a.compStatus = 2;
            a.outcome = 1;
        });
        assertThat(findings(learner)).extracting(Finding::ruleId).containsExactly("LearnActEndDate_04");
        assertThat(rules.findings(learner, YEAR, PREPARED.plusDays(1))).isEmpty();
    }

    @Test
    void aRepeatedAimSeqNumberOrSwSupAimIdIsFoundOnTheLaterAim() {
        String key = apprentice().learningDeliveries().get(0).swSupAimId();
        IlrLearner learner = aim(apprentice(), 1, a -> {
            a.aimSeqNumber = 1;
            a.swSupAimId = key;
        });
        assertThat(findings(learner)).extracting(Finding::ruleId, Finding::path).containsExactly(
                tuple("AimSeqNumber_02", "learningDeliveries[1].aimSeqNumber"),
                tuple("SWSupAimId_02", "learningDeliveries[1].swSupAimId"));
    }

    @Test
    void aSwSupAimIdSharedWithAnEarlierLearnerIsAWarningOnTheLaterOne() {
        SharedAimIds shared = new SharedAimIds(rules.book(), YEAR);
        IlrLearner first = apprentice();
        IlrLearner second = learner(apprentice(), l -> l.learnRefNumber = new LearnRefNumber("A0002"));
        assertThat(shared.check(first)).isEmpty();
        assertThat(shared.check(second)).extracting(Finding::ruleId, Finding::severity, Finding::message).containsExactly(
                tuple("SWSupAimId_03", Severity.warning,
                        "SWSupAimId " + first.learningDeliveries().get(0).swSupAimId() + " is also used by learner A0001"),
                tuple("SWSupAimId_03", Severity.warning,
                        "SWSupAimId " + first.learningDeliveries().get(1).swSupAimId() + " is also used by learner A0001"));
        assertThat(shared.check(first)).as("a learner's own aims are not shared").isEmpty();
    }

    @Test
    void aPostcodeOutOfFormatIsAWarning() {
        assertThat(findings(learner(apprentice(), l -> {
            l.postcode = "ZZ999ZZ";
            l.postcodePrior = "zz99 9zz";
        }))).extracting(Finding::ruleId, Finding::severity, Finding::field).containsExactly(
                tuple("Postcode_14", Severity.warning, "Postcode"),
                tuple("PostcodePrior_02", Severity.warning, "PostcodePrior"));
    }

    @Test
    void codesOutsideTheYearsListsAreElementZeroOne() {
        IlrLearner learner = aim(learner(apprentice(), l -> l.ethnicity = 30), 0, a -> a.fundModel = 37);
        assertThat(findings(learner)).extracting(Finding::ruleId, Finding::path).containsExactly(
                tuple("Ethnicity_01", "ethnicity"),
                tuple("FundModel_01", "learningDeliveries[0].fundModel"));
    }

    @Test
    void anEmployerIdFailingItsCheckDigitIsEmpId02() {
        int bad = empId(154_000_000, false);
        IlrLearner learner = learner(apprentice(), l -> l.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(10), bad, List.of())));
        assertThat(findings(learner)).extracting(Finding::ruleId, Finding::entity, Finding::path).containsExactly(
                tuple("EmpId_02", "LearnerEmploymentStatus", "learnerEmploymentStatuses[0].empId"));
        assertThat(findings(learner(apprentice(), l -> l.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(10, START.minusDays(10), EmpId.NOT_KNOWN, List.of()))))).isEmpty();
    }

    @Test
    void aWithdrawalWithoutAReasonOrWithAnAchievedOutcome() {
        IlrLearner noReason = aim(apprentice(), 1, a -> {
            a.compStatus = 3;
            a.learnActEndDate = LocalDate.of(2026, 1, 15);
            a.outcome = 3;
        });
        assertThat(findings(noReason)).extracting(Finding::ruleId).containsExactly("WithdrawReason_03");
        IlrLearner achieved = aim(noReason, 1, a -> {
            a.withdrawReason = 97;
            a.outcome = 1;
        });
        assertThat(findings(achieved)).extracting(Finding::ruleId).containsExactly("CompStatus_06");
        IlrLearner unknownReason = aim(noReason, 1, a -> a.withdrawReason = 4);
        assertThat(findings(unknownReason)).extracting(Finding::ruleId).containsExactly("WithdrawReason_01");
    }

    @Test
    void anEndingNeedsAnOutcomeAndAnOutcomeNeedsAnEnding() {
        IlrLearner ended = aim(apprentice(), 1, a -> {
            a.compStatus = 2;
            a.learnActEndDate = LocalDate.of(2026, 1, 15);
        });
        assertThat(findings(ended)).extracting(Finding::ruleId).containsExactly("Outcome_11");
        IlrLearner open = aim(apprentice(), 1, a -> a.outcome = 8);
        assertThat(findings(open)).extracting(Finding::ruleId).containsExactly("Outcome_12");
    }

    @Test
    void aBreakHasNoWithdrawReason() {
        IlrLearner onBreak = aim(apprentice(), 1, a -> {
            a.compStatus = 6;
            a.learnActEndDate = LocalDate.of(2026, 1, 15);
            a.outcome = 3;
            a.withdrawReason = 97;
        });
        assertThat(findings(onBreak)).extracting(Finding::ruleId).containsExactly("WithdrawReason_04");
    }

    @Test
    void achievementDatesOfAStandard() {
        LocalDate end = LocalDate.of(2026, 1, 15);
        IlrLearner completedWithoutAchDate = aim(apprentice(), 0, a -> {
            a.compStatus = 2;
            a.learnActEndDate = end;
            a.outcome = 1;
            a.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, end));
        });
        assertThat(findings(completedWithoutAchDate)).extracting(Finding::ruleId).containsExactly("AchDate_12");
        assertThat(findings(aim(completedWithoutAchDate, 0, a -> a.achDate = end.plusDays(3))))
                .extracting(Finding::ruleId).containsExactly("AchDate_11");
        assertThat(findings(aim(completedWithoutAchDate, 0, a -> a.achDate = PREPARED.plusDays(2))))
                .extracting(Finding::ruleId).containsExactly("AchDate_07");
        assertThat(findings(aim(completedWithoutAchDate, 0, a -> a.achDate = end.plusDays(7)))).isEmpty();
        IlrLearner componentAchDate = aim(apprentice(), 1, a -> {
            a.compStatus = 2;
            a.learnActEndDate = end;
            a.outcome = 1;
            a.achDate = end;
        });
        assertThat(findings(componentAchDate)).extracting(Finding::ruleId, Finding::aimSeqNumber)
                .containsExactly(tuple("AchDate_09", 2));
    }

    @Test
    void actPeriodsOfAnAimFollowOneAnotherWithoutGapOrOverlap() {
        LocalDate change = LocalDate.of(2026, 1, 1);
        IlrLearner contiguous = aim(apprentice(), 0, a -> a.learningDeliveryFams = List.of(
                new LearningDeliveryFam("ACT", "1", START, change.minusDays(1)),
                new LearningDeliveryFam("ACT", "2", change, null)));
        assertThat(findings(contiguous)).isEmpty();
        IlrLearner gap = aim(apprentice(), 0, a -> a.learningDeliveryFams = List.of(
                new LearningDeliveryFam("ACT", "1", START, change.minusDays(5)),
                new LearningDeliveryFam("ACT", "1", change, null)));
        assertThat(findings(gap)).extracting(Finding::ruleId, Finding::entity, Finding::aimSeqNumber)
                .containsExactly(tuple("R104", "LearningDeliveryFAM", 1));
        IlrLearner overlap = aim(apprentice(), 0, a -> a.learningDeliveryFams = List.of(
                new LearningDeliveryFam("ACT", "1", START, null),
                new LearningDeliveryFam("ACT", "2", change, null)));
        assertThat(findings(overlap)).extracting(Finding::ruleId).containsExactly("R101", "R104", "R105");
    }

    @Test
    void anEmployerContractPeriodStartsWhileTheLearnerIsEmployed() {
        IlrLearner unemployed = learner(apprentice(), l -> l.learnerEmploymentStatuses = List.of(
                new LearnerEmploymentStatus(11, START.minusDays(10), null, List.of()),
                new LearnerEmploymentStatus(10, START.plusDays(20), empId(154_000_000, true), List.of())));
        assertThat(findings(unemployed)).extracting(Finding::ruleId, Finding::field, Finding::aimSeqNumber)
                .containsExactly(tuple("R110", "LearnDelFAMDateFrom", 1));
    }

    @Test
    void severityIsTheYearsAndAnUnlistedRuleIsAnError() {
        assertThat(rules.book().severity(YEAR, "Postcode_14")).isEqualTo(Severity.warning);
        assertThat(rules.book().severity(YEAR, "No_Such_Rule")).isEqualTo(Severity.error);
    }

    @Test
    void aFindingIsTheSameBeforeAndAfterItsAimIsRenumbered() {
        IlrLearner learner = aim(apprentice(), 1, a -> a.learnPlanEndDate = START.minusDays(1));
        Finding before = findings(learner).get(0);
        IlrLearner reordered = learner.withLearningDeliveries(List.of(
                learner.learningDeliveries().get(1).withIdentity(1, learner.learningDeliveries().get(1).swSupAimId()),
                learner.learningDeliveries().get(0).withIdentity(2, learner.learningDeliveries().get(0).swSupAimId())));
        Finding after = findings(reordered).get(0);
        assertThat(after.path()).isNotEqualTo(before.path());
        assertThat(after.key()).isEqualTo(before.key());
    }
}
