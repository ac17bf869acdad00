package uk.ilrledger.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Dates are taken only as yyyy-MM-dd, a real day, from 1900-01-01 to 2099-12-31. */
class LedgerDatesTest {

    @Test
    void aDayWrittenYyyyMmDdWithinTheBoundsIsRead() {
        assertThat(LedgerDates.parse("2026-01-15")).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(LedgerDates.parse("1900-01-01")).isEqualTo(LedgerDates.EARLIEST);
        assertThat(LedgerDates.parse("2099-12-31")).isEqualTo(LedgerDates.LATEST);
        assertThat(LedgerDates.parse("2028-02-29")).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "+100000-01-01|is not a date written yyyy-MM-dd",
            "20260115|is not a date written yyyy-MM-dd",
            "2026-1-15|is not a date written yyyy-MM-dd",
            "2026-01-15T00:00|is not a date written yyyy-MM-dd",
            "'2026-01-15 '|is not a date written yyyy-MM-dd",
            "２０２６-01-15|is not a date written yyyy-MM-dd",
            "2026-02-30|is not a day of the calendar",
            "2027-02-29|is not a day of the calendar",
            "1899-12-31|is outside the dates the ledger accepts (1900-01-01 to 2099-12-31)",
            "2100-01-01|is outside the dates the ledger accepts (1900-01-01 to 2099-12-31)"})
    void anythingElseIsRefusedSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> LedgerDates.parse(text))
                .isInstanceOfSatisfying(DomainProblem.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(DomainProblem.Kind.INVALID);
                    assertThat(problem.getMessage()).endsWith(reason);
                });
    }

    @Test
    void aDateAlreadyReadIsCheckedAgainstTheBoundsNamingItsField() {
        assertThatThrownBy(() -> LedgerDates.within("effectiveDate", LocalDate.of(57440, 1, 1)))
                .isInstanceOfSatisfying(DomainProblem.class, problem -> assertThat(problem.field()).isEqualTo("effectiveDate"));
        assertThat(LedgerDates.within("effectiveDate", LocalDate.of(2026, 1, 15))).isEqualTo(LocalDate.of(2026, 1, 15));
    }
}
