package uk.ilrledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Finding learners in the current-ILR read model, within the reader's providers. */
@Component
public class LearnerDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    public LearnerDirectory(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
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

    /**
     * Every programme aim of the reader's learners (of one provider when {@code ukprn} is given), each
     * learner's in record order. Read from {@code caseload_aims}, the few fields a caseload counts kept
     * beside each record by the database, so a view does not take every learner's whole record apart;
     * with the JIT off, as compiling the plan costs more than it would save.
     */
    public List<ProgrammeAim> programmeAims(Reader reader, Integer ukprn) {
        StringBuilder sql = new StringBuilder(
                "SELECT ukprn || '/' || learn_ref_number, caseload_aims::text FROM current_ilr_learner WHERE TRUE");
        List<Object> params = new ArrayList<>();
        restrict(sql, params, reader);
        if (ukprn != null) {
            sql.append(" AND ukprn = ?");
            params.add(ukprn);
        }
        List<ProgrammeAim> aims = new ArrayList<>();
        readOnly.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL jit = off").update();
            jdbc.sql(sql.toString()).params(params).query(rs -> {
                String learner = rs.getString(1);
                for (JsonNode aim : readTree(rs.getString(2))) {
                    aims.add(new ProgrammeAim(learner, date(aim.get(0)), date(aim.get(1)), number(aim.get(2)),
                            number(aim.get(3)), date(aim.get(4))));
                }
            });
        });
        return aims;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("caseload_aims is not JSON", e);
        }
    }

    private static LocalDate date(JsonNode value) {
        return value == null || value.isNull() ? null : LocalDate.parse(value.asText());
    }

    private static Integer number(JsonNode value) {
        return value == null || value.isNull() ? null : value.asInt();
    }

    /**
     * The providers the reader is granted that have learners: a skip scan down the primary key's UKPRNs
     * (one index probe per provider), not a read of every learner.
     */
    public List<Integer> providers(Reader reader) {
        List<Integer> ukprns = reader.ukprns();
        if (ukprns != null) {
            return jdbc.sql("""
                    SELECT u FROM unnest(?::int[]) AS u
                    WHERE EXISTS (SELECT 1 FROM current_ilr_learner WHERE ukprn = u)
                    ORDER BY u""").param(ukprns.toArray(Integer[]::new)).query(Integer.class).list();
        }
        return jdbc.sql("""
                WITH RECURSIVE provider(ukprn) AS (
                    (SELECT ukprn FROM current_ilr_learner ORDER BY ukprn LIMIT 1)
                    UNION ALL
                    SELECT (SELECT l.ukprn FROM current_ilr_learner l WHERE l.ukprn > p.ukprn ORDER BY l.ukprn LIMIT 1)
                    FROM provider p WHERE p.ukprn IS NOT NULL)
                SELECT ukprn FROM provider WHERE ukprn IS NOT NULL ORDER BY ukprn""").query(Integer.class).list();
    }

    /**
     * How many learners of the provider the current ILR holds (a return of a year holds those of them it
     * includes): one count down the primary key's entries for the UKPRN.
     */
    public long count(int ukprn) {
        return jdbc.sql("SELECT count(*) FROM current_ilr_learner WHERE ukprn = ?").param(ukprn).query(Long.class)
                .single();
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
