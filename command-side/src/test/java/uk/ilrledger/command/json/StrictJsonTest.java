package uk.ilrledger.command.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/** Values are taken only in the form the API documents; the application's own mapper is left tolerant. */
class StrictJsonTest {

    record Change(ChangeType type, LocalDate effectiveDate, Integer withdrawReason, Boolean flag, List<String> aims) {
    }

    private final ObjectMapper application = JsonMapper.builder().findAndAddModules().build();
    private final ObjectMapper strict = new StrictJson(application).mapper();

    private Change read(String json) throws Exception {
        return strict.readValue(json, Change.class);
    }

    @Test
    void theDocumentedFormsAreRead() throws Exception {
        assertThat(read("{\"type\":\"WITHDRAWAL\",\"effectiveDate\":\"2026-01-15\",\"withdrawReason\":97,"
                + "\"flag\":true,\"aims\":[\"abc\",1]}"))
                .isEqualTo(new Change(ChangeType.WITHDRAWAL, LocalDate.of(2026, 1, 15), 97, true, List.of("abc", "1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":5}", "{\"type\":\"5\"}", "{\"withdrawReason\":97.5}", "{\"withdrawReason\":97.0}",
            "{\"withdrawReason\":\"97\"}", "{\"withdrawReason\":true}", "{\"withdrawReason\":\"\"}", "{\"flag\":1}",
            "{\"flag\":\"true\"}", "{\"aims\":[1.5]}", "{\"aims\":[true]}"})
    void coercionsAreRefused(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(MismatchedInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"effectiveDate\":20260115}", "{\"effectiveDate\":[2026,1,15]}",
            "{\"effectiveDate\":\"+100000-01-01\"}", "{\"effectiveDate\":\"2026-01-15T00:00\"}",
            "{\"effectiveDate\":\"2100-01-01\"}"})
    void datesOtherThanABoundedYyyyMmDdStringAreRefused(String json) {
        assertThatThrownBy(() -> read(json)).hasRootCauseInstanceOf(DomainProblem.class);
    }

    @Test
    void unknownAndRepeatedFieldsAreRefused() {
        assertThatThrownBy(() -> read("{\"colour\":\"blue\"}")).isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> read("{\"withdrawReason\":1,\"withdrawReason\":97}")).hasMessageContaining("Duplicate field");
    }

    @Test
    void theApplicationsMapperStillReadsWhatItAlwaysHas() throws Exception {
        assertThat(application.readValue("{\"type\":5,\"effectiveDate\":[2026,1,15]}", Change.class))
                .isEqualTo(new Change(ChangeType.values()[5], LocalDate.of(2026, 1, 15), null, null, null));
    }
}
