package uk.ilrledger.schemas.ilr.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.values.Ukprn;

/** File names per the DfE's rules: ILR-{UKPRN}-{YYYY}-{yyyyMMdd}-{HHmmss}-{NN}.xml, matching the header. */
class IlrFileHeaderTest {

    static final LocalDate PREPARED = LocalDate.of(2026, 3, 2);

    @Test
    void theNameRepeatsTheUkprnYearDateTimeAndTwoDigitSerialNumber() {
        IlrFileHeader header = new IlrFileHeader(IlrSchema.Y2526, new Ukprn(10000001), PREPARED, 1,
                LocalDateTime.of(2026, 3, 2, 9, 30, 5));

        assertThat(header.fileName()).isEqualTo("ILR-10000001-2526-20260302-093005-01.xml");
        assertThat(header.serialNoText()).isEqualTo("01");
        assertThat(header.dateTimeText()).isEqualTo("2026-03-02T09:30:05");
    }

    @Test
    void the2026To27YearAndTheLastSerialNumber() {
        IlrFileHeader header = new IlrFileHeader(IlrSchema.Y2627, new Ukprn(99999999), PREPARED, 99,
                LocalDateTime.of(2027, 1, 31, 23, 59, 59, 999_000_000));

        assertThat(header.fileName()).isEqualTo("ILR-99999999-2627-20270131-235959-99.xml");
        assertThat(header.dateTimeText()).as("whole seconds, as in the name").isEqualTo("2027-01-31T23:59:59");
    }

    @Test
    void serialNumbersAreOneToNinetyNine() {
        LocalDateTime at = LocalDateTime.of(2026, 3, 2, 9, 30, 5);
        assertThatThrownBy(() -> new IlrFileHeader(IlrSchema.Y2526, new Ukprn(10000001), PREPARED, 0, at))
                .hasMessageContaining("01 to 99");
        assertThatThrownBy(() -> new IlrFileHeader(IlrSchema.Y2526, new Ukprn(10000001), PREPARED, 100, at))
                .hasMessageContaining("01 to 99");
    }
}
