package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.query.returns.ReturnsCalendar;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Numbers the files of each UKPRN and collection year: SerialNo 01, 02, … 99, each with a DateTime
 * (UK time, whole seconds) later than the previous file's. Two exports racing for a number both
 * try to insert it; the loser takes the next one.
 */
@Component
public class ExportSerials {

    /** Two files in the same second: the second waits for the next second rather than be dated ahead. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);
    private static final int ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final Clock clock;

    public ExportSerials(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Last(int serialNo, LocalDateTime dateTime) {
    }

    /** The next file's header, recorded as exported by {@code exportedBy}. */
    public IlrFileHeader next(IlrSchema schema, Ukprn ukprn, LocalDate filePreparationDate, ReturnPeriod period,
            long position, int learners, String exportedBy) {
        for (int attempt = 1; ; attempt++) {
            LocalDateTime now = LocalDateTime.now(clock.withZone(ReturnsCalendar.UK));
            Last last = jdbc.sql("SELECT coalesce(max(serial_no), 0), max(date_time) FROM ilr_export WHERE ukprn = ? AND year = ?")
                    .params(ukprn.value(), schema.year())
                    .query((row, i) -> new Last(row.getInt(1), row.getObject(2, LocalDateTime.class)))
                    .single();
            if (last.serialNo() >= 99) {
                throw DomainProblem.conflict("serialNo", "99 ILR files have been exported for UKPRN " + ukprn + " in "
                        + schema.label() + "; SerialNo has two digits, so no further file can be numbered this year");
            }
            LocalDateTime dateTime = now.truncatedTo(ChronoUnit.SECONDS);
            if (last.dateTime() != null && !dateTime.isAfter(last.dateTime())) {
                dateTime = last.dateTime().plusSeconds(1);
            }
            Duration ahead = Duration.between(now, dateTime);
            if (ahead.compareTo(LONGEST_WAIT) > 0) {
                // The clock went back (e.g. the end of British Summer Time): a later DateTime would be in the future.
                throw DomainProblem.conflict("dateTime", "the last ILR file for UKPRN " + ukprn + " in " + schema.label()
                        + " is dated " + last.dateTime() + ", later than now (" + now.truncatedTo(ChronoUnit.SECONDS)
                        + "); the DfE needs each file dated after the last: export again after " + last.dateTime());
            }
            IlrFileHeader header = new IlrFileHeader(schema, ukprn, filePreparationDate, last.serialNo() + 1, dateTime);
            try {
                jdbc.sql("""
                        INSERT INTO ilr_export (ukprn, year, serial_no, date_time, period, position, learners, file_name,
                                                exported_by, exported_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(ukprn.value(), schema.year(), header.serialNo(), header.dateTime(), period.code(),
                                position, learners, header.fileName(), exportedBy, Timestamp.from(clock.instant()))
                        .update();
            } catch (DuplicateKeyException raced) {
                if (attempt == ATTEMPTS) {
                    throw DomainProblem.conflict("serialNo", "other exports of UKPRN " + ukprn + " took every SerialNo "
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
