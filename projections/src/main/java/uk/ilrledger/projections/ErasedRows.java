package uk.ilrledger.projections;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Erases a learner's personal fields (decision 33) in the JSON a projection keeps of their events: the
 * projection's copy must not outlive the key the event store's copy was sealed with.
 */
public final class ErasedRows {

    private ErasedRows() {
    }

    /**
     * Every personal value in {@code jsonColumn} of the learner's rows of {@code table} (keyed by
     * {@code idColumn}, with {@code ukprn} and {@code learn_ref_number} columns) erased, then
     * {@code more} applied to each row's plain JSON.
     */
    public static void erase(JdbcClient jdbc, Json json, String table, String idColumn, String jsonColumn,
            LearnerId learner, Consumer<Object> more) {
        List<Map.Entry<Object, String>> rows = jdbc.sql("SELECT " + idColumn + ", " + jsonColumn + " FROM " + table
                        + " WHERE ukprn = ? AND learn_ref_number = ? AND " + jsonColumn + " IS NOT NULL")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query((rs, row) -> Map.entry(rs.getObject(1), rs.getString(2)))
                .list();
        for (Map.Entry<Object, String> row : rows) {
            Object tree = json.read(row.getValue(), Object.class);
            PersonalFields.erase(tree);
            more.accept(tree);
            jdbc.sql("UPDATE " + table + " SET " + jsonColumn + " = CAST(? AS jsonb) WHERE " + idColumn + " = ?")
                    .params(json.write(tree), row.getKey())
                    .update();
        }
    }

    public static void erase(JdbcClient jdbc, Json json, String table, String idColumn, String jsonColumn,
            LearnerId learner) {
        erase(jdbc, json, table, idColumn, jsonColumn, learner, tree -> { });
    }
}
