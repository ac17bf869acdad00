package uk.ilrledger.command.imports;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.schemas.ilr.rules.Severity;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code GET /api/providers/{ukprn}/learners/{learnRefNumber}/findings}: what the last import of the
 * learner found against the DfE's rules, in the file's order. Empty for a learner no import found
 * anything in, or that was never imported.
 */
@RestController
public class ImportFindingsController {

    private final JdbcClient jdbc;

    public ImportFindingsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/providers/{ukprn}/learners/{learnRefNumber}/findings")
    public List<ImportFinding> findings(@PathVariable String ukprn, @PathVariable String learnRefNumber) {
        Ukprn provider = Ukprn.parse(ukprn);
        LearnRefNumber ref = new LearnRefNumber(learnRefNumber);
        return jdbc.sql("""
                SELECT learn_ref_number, rule_id, severity, entity, field, aim_seq_number, sw_sup_aim_id, file_value,
                       line, message
                FROM import_finding WHERE ukprn = ? AND learn_ref_number = ? ORDER BY position""")
                .params(provider.value(), ref.value())
                .query((rs, n) -> new ImportFinding(rs.getString(1), rs.getString(2),
                        Severity.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                        rs.getObject(6, Integer.class), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10)))
                .list();
    }
}
