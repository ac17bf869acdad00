package uk.ilrledger.command.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.problems.DomainProblem.FieldError;
import uk.ilrledger.testsupport.SampleLearners;

/** A learner gets in only when every year it is returned in could hold it. */
class LearnerChecksTest {

    private final LearnerChecks checks = new LearnerChecks(RuleSources.ilrRules(JsonMapper.builder().build()));

    private static IlrLearner apprentice(LocalDate start, Consumer<LearningDelivery.Builder> aims) {
        IlrLearner learner = SampleLearners.apprentice("LRN001", start);
        return learner.withLearningDeliveries(learner.learningDeliveries().stream().map(aim -> {
            LearningDelivery.Builder b = aim.toBuilder();
            aims.accept(b);
            return b.build();
        }).toList());
    }

    @Test
    void aBadUlnCheckDigitAndAimsEndingBeforeTheyStartAreFaultsWithTheDfEsRuleIds() {
        LocalDate start = LocalDate.of(2025, 9, 1);
        IlrLearner learner = apprentice(start, aim -> {
            aim.learnPlanEndDate = start.minusDays(1);
            aim.compStatus = 3;
            aim.learnActEndDate = start.minusDays(2);
            aim.withdrawReason = 97;
            aim.outcome = 3;
        });
        IlrLearner.Builder badUln = learner.toBuilder();
        badUln.uln = new uk.ilrledger.schemas.values.Uln(1000000001L);

        assertThat(checks.faults(badUln.build(), List.of(IlrSchema.Y2526)))
                .extracting(LearnerChecks.Fault::field, LearnerChecks.Fault::ruleId)
                .containsExactly(tuple("uln", "ULN_04"),
                        tuple("learningDeliveries[0].learnPlanEndDate", "LearnPlanEndDate_02"),
                        tuple("learningDeliveries[0].learnActEndDate", "LearnActEndDate_01"),
                        tuple("learningDeliveries[1].learnPlanEndDate", "LearnPlanEndDate_02"),
                        tuple("learningDeliveries[1].learnActEndDate", "LearnActEndDate_01"));
    }

    @Test
    void aLearnerStillLearningIsReturnedInEveryYearFromTheirStart() {
        assertThat(LearnerChecks.returnYears(apprentice(LocalDate.of(2025, 9, 1), aim -> { })))
                .containsExactly(IlrSchema.Y2526, IlrSchema.Y2627);
        assertThat(LearnerChecks.returnYears(apprentice(LocalDate.of(2026, 9, 1), aim -> { })))
                .containsExactly(IlrSchema.Y2627);
    }

    @Test
    void aLearnerWhoseAimsEndedIsReturnedUpToTheYearOfTheLastEnd() {
        assertThat(LearnerChecks.returnYears(apprentice(LocalDate.of(2025, 9, 1), aim -> {
            aim.compStatus = 3;
            aim.learnActEndDate = LocalDate.of(2026, 1, 15);
            aim.withdrawReason = 97;
            aim.outcome = 3;
        }))).containsExactly(IlrSchema.Y2526);
        assertThat(LearnerChecks.returnYears(apprentice(LocalDate.of(2023, 9, 1), aim -> {
            aim.compStatus = 2;
            aim.learnActEndDate = LocalDate.of(2024, 6, 30);
            aim.outcome = 1;
        }))).as("before the first year written: checked against it").containsExactly(IlrSchema.Y2526);
    }

    @Test
    void anEightCharacterEpaOrgIdIsRefusedOnlyWhenTheLearnerIsReturnedIn2025To26() {
        assertThat(checks.errors(apprentice(LocalDate.of(2025, 9, 1), aim -> aim.epaOrgId = "EPA00001"),
                LearnerChecks.returnYears(apprentice(LocalDate.of(2025, 9, 1), aim -> { }))))
                .extracting(FieldError::field).containsExactly("learningDeliveries[0].epaOrgId",
                        "learningDeliveries[1].epaOrgId");
        IlrLearner later = apprentice(LocalDate.of(2026, 9, 1), aim -> aim.epaOrgId = "EPA00001");
        assertThat(checks.errors(later, LearnerChecks.returnYears(later))).isEmpty();
    }

    @Test
    void codesOutsideTheYearsListsAreNamedOncePerField() {
        IlrLearner.Builder learner = SampleLearners.apprentice("LRN001", LocalDate.of(2025, 9, 1)).toBuilder();
        learner.sex = "X";
        learner.ethnicity = 30;
        IlrLearner bad = apprentice(LocalDate.of(2025, 9, 1), aim -> aim.fundModel = 10)
                .toBuilder().build();
        IlrLearner both = learner.build().withLearningDeliveries(bad.learningDeliveries());

        List<FieldError> errors = checks.errors(both, LearnerChecks.returnYears(both));

        assertThat(errors).extracting(FieldError::field, FieldError::message).containsExactly(
                tuple("sex", "Sex X is not in the 2526 code list (F, M)"),
                tuple("ethnicity", "Ethnicity 30 is not in the 2526 code list (31, 32, 33, 34, 35, 36, 37, 38, 39, 40, "
                        + "41, 42, 43, 44, 45, 46, 47, 98, 99)"),
                tuple("learningDeliveries[0].fundModel", "FundModel 10 is not in the 2627 code list (25, 35, 36, 39, 81, 99)"),
                tuple("learningDeliveries[1].fundModel", "FundModel 10 is not in the 2627 code list (25, 35, 36, 39, 81, 99)"));
    }

    @Test
    void aimsSentWithoutAimSeqNumbersAreCheckedAsTheyWillBeNumbered() {
        IlrLearner learner = apprentice(LocalDate.of(2025, 9, 1), aim -> aim.aimSeqNumber = null);
        assertThat(checks.errors(learner, LearnerChecks.returnYears(learner))).isEmpty();
    }
}
