package uk.ilrledger.query.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/** The record of every ILR file exported: what it was built from, its header and, once sent whole, its SHA-256. */
@Component
public class ExportedFiles {

    /**
     * One exported file. {@code filePreparationDate} and {@code asOf} are empty for files exported
     * before they were kept, {@code sha256} for a download that broke off.
     */
    public record ExportedFile(int ukprn, String year, String period, int serialNo, LocalDateTime dateTime,
            String fileName, long position, Instant asOf, LocalDate filePreparationDate, String sha256,
            String exportedBy, Instant exportedAt) {

        /** The header the file was written with, so the same file can be written again. */
        public IlrFileHeader header() {
            return new IlrFileHeader(IlrSchema.of(CollectionYear.parse(year)), new Ukprn(ukprn), filePreparationDate,
                    serialNo, dateTime);
        }

        public ReturnPeriod returnPeriod() {
            return ReturnPeriod.parse(period);
        }
    }

    private final JdbcClient jdbc;

    public ExportedFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ExportedFile> named(Ukprn ukprn, CollectionYear year, String fileName) {
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND year = ? AND file_name = ?")
                .params(ukprn.value(), year.code(), fileName)
                .query(ExportedFiles::file)
                .optional();
    }

    /** The latest export with these bytes (two exports can only share them if one of them is the same file again). */
    public Optional<ExportedFile> withSha256(Ukprn ukprn, CollectionYear year, String sha256) {
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND year = ? AND sha256 = ? ORDER BY date_time DESC LIMIT 1")
                .params(ukprn.value(), year.code(), sha256)
                .query(ExportedFiles::file)
                .optional();
    }

    /** The whole file has been sent: its SHA-256 is kept, so the file can be named by it. */
    void written(IlrFileHeader header, String sha256) {
        jdbc.sql("UPDATE ilr_export SET sha256 = ? WHERE ukprn = ? AND year = ? AND date_time = ? AND sha256 IS NULL")
                .params(sha256, header.ukprn().value(), header.schema().year(), header.dateTime())
                .update();
    }

    private static ExportedFile file(ResultSet rs, int row) throws SQLException {
        return new ExportedFile(rs.getInt("ukprn"), rs.getString("year"), rs.getString("period"), rs.getInt("serial_no"),
                rs.getObject("date_time", LocalDateTime.class), rs.getString("file_name"), rs.getLong("position"),
                Optional.ofNullable(rs.getTimestamp("as_of")).map(java.sql.Timestamp::toInstant).orElse(null),
                rs.getObject("file_preparation_date", LocalDate.class), rs.getString("sha256"),
                rs.getString("exported_by"), rs.getTimestamp("exported_at").toInstant());
    }

    private static final String SELECT = """
            SELECT ukprn, year, period, serial_no, date_time, file_name, position, as_of, file_preparation_date, sha256,
                   exported_by, exported_at
            FROM ilr_export""";
}
