package uk.ilrledger.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finding learners in the current-ILR read model, within the reader's providers. */
@Component
public class LearnerDirectory {

    private final JdbcClient jdbc;

    public LearnerDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(int ukprn, String learnRefNumber, String familyName, String givenNames) {
    }

    /** Learners whose LearnRefNumber or family name starts with {@code text}, at most {@code limit}. */
    public List<Entry> find(String text, Reader reader, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT ukprn, learn_ref_number, record ->> 'familyName', record ->> 'givenNames'
                FROM current_ilr_learner WHERE (learn_ref_number LIKE ? || '%' OR record ->> 'familyName' ILIKE ? || '%')""");
        List<Object> params = new ArrayList<>(List.of(text.strip(), text.strip()));
        restrict(sql, params, reader);
        sql.append(" ORDER BY learn_ref_number, ukprn LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Entry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    /** The programme aim (or first aim) of every learner: what a caseload is counted from. */
    public record ProgrammeAim(LocalDate start, LocalDate actualEnd, Integer compStatus, Integer outcome) {
    }

    public List<ProgrammeAim> programmeAims(Reader reader) {
        StringBuilder sql = new StringBuilder("""
                SELECT (aim ->> 'learnStartDate')::date, (aim ->> 'learnActEndDate')::date,
                       (aim ->> 'compStatus')::int, (aim ->> 'outcome')::int
                FROM current_ilr_learner
                CROSS JOIN LATERAL (
                    SELECT a AS aim FROM jsonb_array_elements(record -> 'learningDeliveries') WITH ORDINALITY AS d(a, i)
                    ORDER BY (a ->> 'aimType') = '1' DESC, i DESC LIMIT 1) programme
                WHERE TRUE""");
        List<Object> params = new ArrayList<>();
        restrict(sql, params, reader);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new ProgrammeAim(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, Integer.class), rs.getObject(4, Integer.class)))
                .list();
    }

    /** The providers the reader is granted that have learners. */
    public List<Integer> providers(Reader reader) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ukprn FROM current_ilr_learner WHERE TRUE");
        List<Object> params = new ArrayList<>();
        restrict(sql, params, reader);
        sql.append(" ORDER BY ukprn");
        return jdbc.sql(sql.toString()).params(params).query(Integer.class).list();
    }

    /** Import findings still recorded against the reader's learners. */
    public long findings(Reader reader) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM import_finding WHERE TRUE");
        List<Object> params = new ArrayList<>();
        restrict(sql, params, reader);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void restrict(StringBuilder sql, List<Object> params, Reader reader) {
        List<Integer> ukprns = reader.ukprns();
        if (ukprns != null) {
            sql.append(" AND ukprn = ANY (?)");
            params.add(ukprns.toArray(Integer[]::new));
        }
    }
}
