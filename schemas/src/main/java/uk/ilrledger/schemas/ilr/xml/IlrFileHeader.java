package uk.ilrledger.schemas.ilr.xml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * The header of one ILR file, and the file's name, which repeats the UKPRN, the year, the header's
 * DateTime and SerialNo: {@code ILR-10000001-2526-20260301-093005-01.xml}.
 */
public record IlrFileHeader(IlrSchema schema, Ukprn ukprn, LocalDate filePreparationDate, int serialNo,
        LocalDateTime dateTime) {

    public static final String COLLECTION = "ILR";
    public static final String PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE-Personal";
    public static final String SOFTWARE_SUPPLIER = "ILR Ledger";
    public static final String SOFTWARE_PACKAGE = "ILR Ledger";
    public static final String RELEASE = "0.1.0";

    private static final DateTimeFormatter NAME_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss");
    private static final DateTimeFormatter XML_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    public IlrFileHeader {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(ukprn, "ukprn");
        Objects.requireNonNull(filePreparationDate, "filePreparationDate");
        // Filename_5 and Filename_6: two digits, 01 or higher.
        if (serialNo < 1 || serialNo > 99) {
            throw new IllegalArgumentException("SerialNo is 01 to 99, was " + serialNo);
        }
        // The name and DateTime carry whole seconds; a file a fraction later would look the same.
        dateTime = Objects.requireNonNull(dateTime, "dateTime").truncatedTo(ChronoUnit.SECONDS);
    }

    /** {@code 01}..{@code 99}. */
    public String serialNoText() {
        return String.format("%02d", serialNo);
    }

    /** yyyy-MM-ddTHH:mm:ss, no zone, no fraction. */
    public String dateTimeText() {
        return XML_DATE_TIME.format(dateTime);
    }

    /** {@code ILR-{UKPRN}-{YYYY}-{yyyyMMdd}-{HHmmss}-{NN}.xml}. */
    public String fileName() {
        return "ILR-" + ukprn.value() + "-" + schema.year() + "-" + NAME_DATE_TIME.format(dateTime) + "-"
                + serialNoText() + ".xml";
    }
}
