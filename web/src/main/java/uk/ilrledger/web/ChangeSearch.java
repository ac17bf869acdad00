package uk.ilrledger.web;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tracker queue read a page at a time: change requests filtered in the database, oldest first,
 * limited to the reader's providers.
 */
@Component
public class ChangeSearch {

    public static final int PAGE_SIZE = 25;

    private final JdbcClient jdbc;
    private final Clock clock;

    public ChangeSearch(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What the queue is filtered by; blank or null filters nothing. {@code olderThanDays}: raised at least that long ago. */
    public record Filter(String status, String type, String learner, String raisedBy, String notRaisedBy,
            Integer olderThanDays) {
        public static Filter waitingFor(String approver) {
            return new Filter("RAISED", null, null, null, approver, null);
        }

        public static Filter raisedBy(String raiser) {
            return new Filter(null, null, null, raiser, null, null);
        }
    }

    public record Row(UUID changeId, int ukprn, String learnRefNumber, String type, String status, String raisedBy,
            Instant raisedAt, long ageDays) {
    }

    public record Page(List<Row> rows, int page, long total) {
        public int pages() {
            return (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages();
        }
    }

    public Page page(Filter filter, Reader reader, int page) {
        int current = Math.max(1, page);
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        condition(where, params, " AND status = ?", filter.status());
        condition(where, params, " AND change_type = ?", filter.type());
        condition(where, params, " AND learn_ref_number LIKE ? || '%'", filter.learner());
        condition(where, params, " AND raised_by = ?", filter.raisedBy());
        condition(where, params, " AND raised_by <> ?", filter.notRaisedBy());
        Instant now = Instant.now(clock);
        if (filter.olderThanDays() != null) {
            where.append(" AND raised_at <= ?");
            params.add(Timestamp.from(now.minus(Duration.ofDays(filter.olderThanDays()))));
        }
        List<Integer> ukprns = reader.ukprns();
        if (ukprns != null) {
            where.append(" AND ukprn = ANY (?)");
            params.add(ukprns.toArray(Integer[]::new));
        }
        long total = jdbc.sql("SELECT count(*) FROM change_request" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(PAGE_SIZE);
        paged.add((current - 1) * PAGE_SIZE);
        List<Row> rows = jdbc.sql("""
                SELECT change_id, ukprn, learn_ref_number, change_type, status, raised_by, raised_at
                FROM change_request""" + where + " ORDER BY raised_at, change_id LIMIT ? OFFSET ?")
                .params(paged)
                .query((rs, n) -> {
                    Instant raisedAt = rs.getTimestamp("raised_at").toInstant();
                    return new Row(rs.getObject("change_id", UUID.class), rs.getInt("ukprn"),
                            rs.getString("learn_ref_number"), rs.getString("change_type"), rs.getString("status"),
                            rs.getString("raised_by"), raisedAt, Duration.between(raisedAt, now).toDays());
                })
                .list();
        return new Page(rows, current, total);
    }

    private static void condition(StringBuilder where, List<Object> params, String sql, String value) {
        if (value != null && !value.isBlank()) {
            where.append(sql);
            params.add(value.strip());
        }
    }
}
