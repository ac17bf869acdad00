package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.query.returns.ReturnsCalendar;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Numbers the files of each UKPRN and collection year and keeps a record of each. A file carries the
 * next free SerialNo (01..99): one more than the highest of the files submitted so far, so trial
 * exports use up none and every export until the next submission carries the same one (decision 15).
 * Each file's DateTime (UK time, whole seconds) is later than every earlier export's, so later than
 * the last submitted file's as the DfE requires, and no two files share a name. Two exports racing
 * for a DateTime both try to insert it; the loser takes the next second.
 */
@Component
public class ExportSerials {

    /** Two files in the same second: the second waits for the next second rather than be dated ahead. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);
    private static final int ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final SubmissionsProjection submissions;
    private final Clock clock;

    public ExportSerials(JdbcClient jdbc, SubmissionsProjection submissions, Clock clock) {
        this.jdbc = jdbc;
        this.submissions = submissions;
        this.clock = clock;
    }

    /**
     * The next file's header, recorded as exported by {@code exportedBy}: the return of {@code period}
     * built from store {@code position} as known at {@code asOf}.
     */
    public IlrFileHeader next(IlrSchema schema, Ukprn ukprn, LocalDate filePreparationDate, ReturnPeriod period,
            long position, Instant asOf, int learners, String exportedBy) {
        int serialNo = submissions.lastSerialNo(ukprn, CollectionYear.parse(schema.year())) + 1;
        if (serialNo > 99) {
            throw DomainProblem.conflict("serialNo", "99 ILR files have been submitted for UKPRN " + ukprn + " in "
                    + schema.label() + "; SerialNo has two digits, so no further file can be numbered this year");
        }
        for (int attempt = 1; ; attempt++) {
            LocalDateTime now = LocalDateTime.now(clock.withZone(ReturnsCalendar.UK));
            LocalDateTime last = jdbc.sql("SELECT date_time FROM ilr_export WHERE ukprn = ? AND year = ? "
                            + "ORDER BY date_time DESC LIMIT 1")
                    .params(ukprn.value(), schema.year())
                    .query((row, i) -> row.getObject(1, LocalDateTime.class))
                    .optional()
                    .orElse(null);
            LocalDateTime dateTime = now.truncatedTo(ChronoUnit.SECONDS);
            if (last != null && !dateTime.isAfter(last)) {
                dateTime = last.plusSeconds(1);
            }
            Duration ahead = Duration.between(now, dateTime);
            if (ahead.compareTo(LONGEST_WAIT) > 0) {
                // The clock went back (e.g. the end of British Summer Time): a later DateTime would be in the future.
                throw DomainProblem.conflict("dateTime", "the last ILR file for UKPRN " + ukprn + " in " + schema.label()
                        + " is dated " + last + ", later than now (" + now.truncatedTo(ChronoUnit.SECONDS)
                        + "); the DfE needs each file dated after the last: export again after " + last);
            }
            IlrFileHeader header = new IlrFileHeader(schema, ukprn, filePreparationDate, serialNo, dateTime);
            try {
                jdbc.sql("""
                        INSERT INTO ilr_export (ukprn, year, serial_no, date_time, period, position, learners, file_name,
                                                exported_by, exported_at, file_preparation_date, as_of)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(ukprn.value(), schema.year(), header.serialNo(), header.dateTime(), period.code(),
                                position, learners, header.fileName(), exportedBy, Timestamp.from(clock.instant()),
                                filePreparationDate, Timestamp.from(asOf))
                        .update();
            } catch (DuplicateKeyException raced) {
                if (attempt == ATTEMPTS) {
                    throw DomainProblem.conflict("dateTime", "other exports of UKPRN " + ukprn + " took every DateTime "
                            + "tried; export again");
                }
                continue;
            }
            waitUntil(header.dateTime());
            return header;
        }
    }

    /** The file must not be dated in the future: when it took the next second, wait for that second. */
    private void waitUntil(LocalDateTime dateTime) {
        Duration ahead = Duration.between(LocalDateTime.now(clock.withZone(ReturnsCalendar.UK)), dateTime);
        if (ahead.isNegative() || ahead.isZero()) {
            return;
        }
        try {
            Thread.sleep(Math.min(ahead.toMillis() + 1, LONGEST_WAIT.toMillis() + 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the file's DateTime", e);
        }
    }
}
