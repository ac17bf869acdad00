package uk.ilrledger.schemas.ilr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.Uln;

/** A correction as the fields it changes: worked out from two records, stored, and applied again. */
class CorrectedFieldsTest {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    @Test
    void theFieldsThatDifferApplyBackToTheSameRecordAfterAJsonRoundTripForEveryIlrElement() throws Exception {
        IlrLearner before = Learners.everyElement("LRN1");
        IlrLearner.Builder after = before.toBuilder();
        after.uln = new Uln(1000000027L);
        after.postcode = "ZZ99 1AB";
        after.dateOfBirth = null;
        after.learnerEmploymentStatuses = List.of();
        LearningDelivery.Builder aim = before.learningDeliveries().get(0).toBuilder();
        aim.learnPlanEndDate = aim.learnPlanEndDate.plusMonths(2);
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "2", aim.learnStartDate, null));
        LearningDeliveryHe he = aim.learningDeliveryHe;
        aim.learningDeliveryHe = new LearningDeliveryHe(he.ssn(), he.qualEnt3(), he.soc(), he.sec(), he.ucasSchemeCode(),
                he.typeYr(), he.modeStud(), he.fundLev(), he.fundComp(), new BigDecimal("33.3"), he.yearStu(),
                he.mStuFee(), he.pcolab(), he.specFee(), he.netFee(), he.grossFee(), he.permAddCountry(), he.elq(),
                he.hePostCode());
        LearningDelivery.Builder added = before.learningDeliveries().get(0).toBuilder();
        added.swSupAimId = "added-aim";
        added.aimSeqNumber = 9;
        added.learnStartDate = LocalDate.of(2026, 3, 2);
        added.learnPlanEndDate = LocalDate.of(2027, 3, 2);
        List<LearningDelivery> aims = new ArrayList<>(before.learningDeliveries());
        aims.set(0, aim.build());
        aims.add(added.build());
        after.learningDeliveries = aims;
        IlrLearner corrected = after.build();

        List<CorrectedField> changes = CorrectedFields.between(before, corrected);
        assertThat(changes).extracting(CorrectedField::field).containsExactly("uln", "dateOfBirth", "postcode",
                "learnerEmploymentStatuses", "learnPlanEndDate", "learningDeliveryFams", "learningDeliveryHe", null);
        assertThat(changes.get(0)).isEqualTo(CorrectedField.learner("uln", before.uln().value(), 1000000027L));

        RecordCorrected event = new RecordCorrected(IlrFoldTest.LEARNER, UUID.randomUUID(), List.of(), changes,
                LocalDate.of(2026, 1, 15), "fix", List.of(new EvidenceId("a".repeat(64))), "raiser", "approver");
        RecordCorrected stored = JSON.readValue(JSON.writeValueAsBytes(event), RecordCorrected.class);
        assertThat(stored).isEqualTo(event);
        assertThat(IlrFold.apply(before, stored)).isEqualTo(corrected);
    }

    @Test
    void aCorrectionSetsOnlyItsFieldsOverWhateverTheRecordIsAndSkipsAnAimNotYetThere() {
        IlrLearner registered = IlrFoldTest.learnerForTests();
        IlrLearner withdrawn = IlrFold.apply(registered, IlrFoldTest.withdrawn("p"));
        List<CorrectedField> changes = List.of(CorrectedField.learner("postcode", "ZZ99 9ZZ", "ZZ99 1AB"),
                CorrectedField.aim("p", "delLocPostCode", "ZZ99 9ZZ", "ZZ99 2CD"),
                CorrectedField.aim("restarted", "pHours", null, 200));

        IlrLearner corrected = CorrectedFields.apply(withdrawn, changes);

        assertThat(corrected.postcode()).isEqualTo("ZZ99 1AB");
        assertThat(corrected.aim("p").orElseThrow().delLocPostCode()).isEqualTo("ZZ99 2CD");
        assertThat(corrected.aim("p").orElseThrow().compStatus()).as("the withdrawal it was applied over").isEqualTo(3);
        assertThat(CorrectedFields.apply(registered, changes).aim("p").orElseThrow().compStatus()).isEqualTo(1);
        assertThat(corrected.learningDeliveries()).hasSize(2);
    }
}
