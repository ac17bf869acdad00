package uk.ilrledger.projections.returns;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.processors.LiveRuns;
import uk.ilrledger.projections.StorePositions;
import uk.ilrledger.projections.StoredEvent;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.returns.ReturnSubmitted;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.Ukprn;

/** Submitted returns and the aims they held. */
@Component
@ProcessingGroup(SubmissionsProjection.PROCESSING_GROUP)
public class SubmissionsProjection implements BatchedProjection {

    public static final String PROCESSING_GROUP = "return-submissions";

    private final LiveRuns live;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final StorePositions positions;

    public SubmissionsProjection(JdbcClient jdbc, JdbcTemplate batches, StorePositions positions, LiveRuns live) {
        this.live = live;
        this.jdbc = jdbc;
        this.batches = batches;
        this.positions = positions;
    }

    @EventHandler
    void on(ReturnSubmitted event, EventMessage<?> message) {
        live.apply(this, new StoredEvent(message, positions.of(message)));
    }

    /** Submissions are few: each is written as it comes, its aims as one batch. */
    @Override
    public void apply(List<StoredEvent> events) {
        for (StoredEvent stored : events) {
            ReturnSubmitted event = (ReturnSubmitted) stored.payload();
            long globalIndex = stored.position();
            jdbc.sql("""
                    INSERT INTO return_submission (submission_id, ukprn, year, period, position, as_of, sha256, submitted_by,
                                                   submitted_at, global_index, file_name, serial_no, date_time,
                                                   file_preparation_date)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(event.submissionId(), event.ukprn().value(), event.year().code(), event.period().code(),
                            event.position(), Timestamp.from(event.asOf()), event.sha256(), event.submittedBy(),
                            Timestamp.from(stored.recordedAt()), globalIndex, event.fileName(), event.serialNo(),
                            event.dateTime(), event.filePreparationDate())
                    .update();
            List<Object[]> aims = new HashSet<>(event.returnedAims()).stream()
                    .map(aim -> new Object[] {event.ukprn().value(), event.year().code(), aim, event.submissionId(), globalIndex})
                    .toList();
            if (!aims.isEmpty()) {
                batches.batchUpdate(
                        "INSERT INTO returned_aim (ukprn, year, sw_sup_aim_id, submission_id, global_index) VALUES (?, ?, ?, ?, ?)",
                        aims);
            }
        }
    }

    /**
     * The store position of the last submission recorded at or before {@code asOf} (the last of all when null),
     * 0 when none: a return as known then must see it, as it sees the learners' events.
     */
    public long position(Instant asOf) {
        Timestamp at = asOf == null ? null : Timestamp.from(asOf);
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM return_submission "
                        + "WHERE CAST(? AS timestamptz) IS NULL OR submitted_at <= ?")
                .params(at, at)
                .query(Long.class)
                .single();
    }

    /** SWSupAimIds in the provider's submitted returns of the year recorded at or below store position {@code upTo}. */
    public Set<String> returnedAims(Ukprn ukprn, CollectionYear year, long upTo) {
        return new HashSet<>(jdbc.sql("""
                SELECT DISTINCT sw_sup_aim_id FROM returned_aim WHERE ukprn = ? AND year = ? AND global_index <= ?""")
                .params(ukprn.value(), year.code(), upTo)
                .query(String.class)
                .list());
    }

    /** The highest SerialNo of the provider's files submitted in the year, 0 when none: the next file takes one more. */
    public int lastSerialNo(Ukprn ukprn, CollectionYear year) {
        return jdbc.sql("SELECT coalesce(max(serial_no), 0) FROM return_submission WHERE ukprn = ? AND year = ?")
                .params(ukprn.value(), year.code())
                .query(Integer.class)
                .single();
    }

    public Optional<Submission> submission(UUID submissionId) {
        return jdbc.sql(SELECT + " WHERE submission_id = ?").param(submissionId).query(SubmissionsProjection::submission).optional();
    }

    public List<Submission> submissions(Ukprn ukprn, CollectionYear year) {
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND year = ? ORDER BY submitted_at")
                .params(ukprn.value(), year.code()).query(SubmissionsProjection::submission).list();
    }

    private static Submission submission(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Submission(rs.getObject("submission_id", UUID.class), rs.getInt("ukprn"), rs.getString("year"),
                rs.getString("period"), rs.getLong("position"), rs.getTimestamp("as_of").toInstant(),
                rs.getString("sha256"), rs.getString("submitted_by"), rs.getTimestamp("submitted_at").toInstant(),
                rs.getString("file_name"), rs.getObject("serial_no", Integer.class),
                rs.getObject("date_time", LocalDateTime.class), rs.getObject("file_preparation_date", LocalDate.class));
    }

    private static final String SELECT = """
            SELECT submission_id, ukprn, year, period, position, as_of, sha256, submitted_by, submitted_at, file_name,
                   serial_no, date_time, file_preparation_date
            FROM return_submission""";

}
