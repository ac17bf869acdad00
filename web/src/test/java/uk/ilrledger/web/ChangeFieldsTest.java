package uk.ilrledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

class ChangeFieldsTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void eachTypeAsksForItsOwnFieldsOnly() {
        assertThat(ChangeFields.of(ChangeType.WITHDRAWAL)).extracting(ChangeFields.Field::name)
                .containsExactly("learnActEndDate", "withdrawReason");
        assertThat(ChangeFields.of(ChangeType.WITHDRAWAL)).extracting(ChangeFields.Field::inputType)
                .containsExactly("date", "number");
        assertThat(ChangeFields.of(ChangeType.CHANGE_OF_EMPLOYER)).extracting(ChangeFields.Field::name)
                .containsExactly("dateEmpStatApp", "empId", "tnp3", "tnp4", "empStat", "employmentStatusMonitorings");
        assertThat(ChangeFields.of(ChangeType.CHANGE_OF_EMPLOYER)).extracting(ChangeFields.Field::kind)
                .as("a list of monitorings is entered as JSON").endsWith(ChangeFields.Kind.NUMBER, ChangeFields.Kind.JSON);
        for (ChangeType type : ChangeType.values()) {
            assertThat(ChangeFields.of(type)).as(type + " has a form").isNotNull();
        }
    }

    @Test
    void theFormBecomesTheApisValuesLeavingOutWhatWasNotFilledIn() {
        var values = ChangeFields.values(ChangeType.WITHDRAWAL,
                Map.of("learnActEndDate", "2026-02-27", "withdrawReason", " 97 ", "tnp1", "5000"), json);
        assertThat(values.toString()).isEqualTo("{\"learnActEndDate\":\"2026-02-27\",\"withdrawReason\":97}");
        assertThat(ChangeFields.values(ChangeType.WITHDRAWAL, Map.of("withdrawReason", ""), json).isEmpty()).isTrue();
    }

    @Test
    void aValueOfTheWrongKindIsRefusedNamingItsField() {
        assertThatThrownBy(() -> ChangeFields.values(ChangeType.WITHDRAWAL, Map.of("withdrawReason", "ninety"), json))
                .isInstanceOfSatisfying(DomainProblem.class, p -> assertThat(p.field()).isEqualTo("values.withdrawReason"));
        assertThatThrownBy(() -> ChangeFields.values(ChangeType.WITHDRAWAL, Map.of("learnActEndDate", "27/02/2026"), json))
                .isInstanceOfSatisfying(DomainProblem.class, p -> assertThat(p.field()).isEqualTo("values.learnActEndDate"));
        assertThatThrownBy(() -> ChangeFields.values(ChangeType.CORRECTION, Map.of("learner", "[1]"), json))
                .isInstanceOfSatisfying(DomainProblem.class, p -> assertThat(p.field()).isEqualTo("values.learner"));
    }

    @Test
    void aCorrectionTakesItsFieldsAsAJsonObject() {
        var values = ChangeFields.values(ChangeType.CORRECTION, Map.of("learner", "{\"postcode\": \"ZZ99 9ZZ\"}"), json);
        assertThat(values.at("/learner/postcode").asText()).isEqualTo("ZZ99 9ZZ");
    }
}
