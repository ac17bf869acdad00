package uk.ilrledger.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * The record of who read which learner's ILR or history, as of when: the reads of every signed-in
 * user holding one of {@code ilr-ledger.read-audit.roles} (default {@code AUDITOR}), whether through
 * the API or the screens, which call the same reads. A read is recorded before its answer is sent;
 * if it cannot be recorded, the read fails rather than go unrecorded.
 */
@Component
public class LearnerReads {

    /** What was read: the ILR record (now, {@code asOf}, or {@code effectiveOn}), or the history of changes. */
    public enum What {
        ILR, HISTORY
    }

    /** One recorded read. */
    public record LearnerRead(long id, int ukprn, String learnRefNumber, String readBy, Instant readAt, What what,
            Instant asOf, LocalDate effectiveOn, long storePosition) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<String> auditedAuthorities;

    public LearnerReads(JdbcClient jdbc, Clock clock,
            @Value("${ilr-ledger.read-audit.roles:AUDITOR}") List<String> auditedRoles) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.auditedAuthorities = auditedRoles.stream().map(role -> "ROLE_" + role.trim()).toList();
    }

    /**
     * Records that the signed-in user read {@code learner}'s {@code what}, if their reads are audited;
     * {@code storePosition} is the event store position the answer reflects.
     */
    public void read(LearnerId learner, What what, Instant asOf, LocalDate effectiveOn, long storePosition) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !audited(user)) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO learner_read (ukprn, learn_ref_number, read_by, read_at, what, as_of, effective_on,
                                                  store_position)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(learner.ukprn().value(), learner.learnRefNumber().value(), user.getName(),
                        Timestamp.from(clock.instant()), what.name(), asOf == null ? null : Timestamp.from(asOf),
                        effectiveOn, storePosition)
                .update();
    }

    /** The reads of a provider's learners, or of one learner, newest first, at most {@code limit}. */
    public List<LearnerRead> reads(Ukprn ukprn, Optional<LearnRefNumber> learner, int limit) {
        return jdbc.sql(SELECT + " WHERE ukprn = :ukprn"
                        + (learner.isPresent() ? " AND learn_ref_number = :learner" : "")
                        + " ORDER BY id DESC LIMIT :limit")
                .param("ukprn", ukprn.value())
                .param("learner", learner.map(LearnRefNumber::value).orElse(null))
                .param("limit", limit)
                .query(LearnerReads::row)
                .list();
    }

    private boolean audited(Authentication user) {
        return user.isAuthenticated() && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(auditedAuthorities::contains);
    }

    private static LearnerRead row(ResultSet rs, int row) throws SQLException {
        return new LearnerRead(rs.getLong("id"), rs.getInt("ukprn"), rs.getString("learn_ref_number"),
                rs.getString("read_by"), rs.getTimestamp("read_at").toInstant(), What.valueOf(rs.getString("what")),
                Optional.ofNullable(rs.getTimestamp("as_of")).map(Timestamp::toInstant).orElse(null),
                rs.getObject("effective_on", LocalDate.class), rs.getLong("store_position"));
    }

    private static final String SELECT = """
            SELECT id, ukprn, learn_ref_number, read_by, read_at, what, as_of, effective_on, store_position
            FROM learner_read""";
}
