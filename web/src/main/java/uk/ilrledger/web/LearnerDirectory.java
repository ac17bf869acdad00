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

    /**
     * Learners whose LearnRefNumber or family name (in any case) starts with {@code text}, at most
     * {@code limit}: both prefixes are read from the current-ILR table's indexes.
     */
    public List<Entry> find(String text, Reader reader, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT ukprn, learn_ref_number, record ->> 'familyName', record ->> 'givenNames'
                FROM current_ilr_learner
                WHERE (learn_ref_number LIKE ? || '%' OR lower(record ->> 'familyName') LIKE lower(?) || '%')""");
        List<Object> params = new ArrayList<>(List.of(text.strip(), text.strip()));
        restrict(sql, params, reader);
        sql.append(" ORDER BY learn_ref_number, ukprn LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Entry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    /**
     * A programme aim (aim type 1) of a learner, named {@code ukprn/LearnRefNumber}, as the current record
     * has it: what a caseload is counted from. A learner with no programme aim is counted by all their aims.
     */
    public record ProgrammeAim(String learner, LocalDate start, LocalDate actualEnd, Integer compStatus,
            Integer outcome, LocalDate achDate) {
    }

    /** Every programme aim of the reader's learners (of one provider when {@code ukprn} is given), in record order. */
    public List<ProgrammeAim> programmeAims(Reader reader, Integer ukprn) {
        StringBuilder sql = new StringBuilder("""
                SELECT ukprn || '/' || learn_ref_number, (aim ->> 'learnStartDate')::date,
                       (aim ->> 'learnActEndDate')::date, (aim ->> 'compStatus')::int, (aim ->> 'outcome')::int,
                       (aim ->> 'achDate')::date
                FROM current_ilr_learner
                CROSS JOIN LATERAL jsonb_array_elements(record -> 'learningDeliveries') WITH ORDINALITY AS d(aim, i)
                WHERE ((aim ->> 'aimType') = '1' OR NOT EXISTS (
                    SELECT 1 FROM jsonb_array_elements(record -> 'learningDeliveries') other
                    WHERE (other ->> 'aimType') = '1'))""");
        List<Object> params = new ArrayList<>();
        restrict(sql, params, reader);
        if (ukprn != null) {
            sql.append(" AND ukprn = ?");
            params.add(ukprn);
        }
        sql.append(" ORDER BY ukprn, learn_ref_number, i");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new ProgrammeAim(rs.getString(1), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, LocalDate.class), rs.getObject(4, Integer.class), rs.getObject(5, Integer.class),
                        rs.getObject(6, LocalDate.class)))
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
