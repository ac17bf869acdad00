package uk.ilrledger.query.findings;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * What the imports of a provider say about the events they recorded: which import a file's SHA-256
 * (an event's evidence) belongs to, and the line in that file of each thing the import found.
 */
@Component
public class ImportedFiles {

    /** One import of a file. */
    public record ImportedFile(UUID importId, String fileName) {
    }

    /** The imports' lines of a provider's findings, by learner, file and finding. */
    public record Lines(Map<String, Integer> byKey) {

        public Integer line(String learnRefNumber, String fileSha256, String ruleId, String swSupAimId, String field) {
            return byKey.get(key(learnRefNumber, fileSha256, ruleId, swSupAimId, field));
        }

        static String key(String learnRefNumber, String fileSha256, String ruleId, String swSupAimId, String field) {
            return learnRefNumber + "|" + fileSha256 + "|" + ruleId + "|" + swSupAimId + "|" + field;
        }
    }

    private final JdbcClient jdbc;

    public ImportedFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The provider's finished imports by their file's SHA-256, the latest import of a file kept. */
    public Map<String, ImportedFile> byFile(Ukprn ukprn) {
        Map<String, ImportedFile> files = new HashMap<>();
        jdbc.sql("""
                SELECT file_sha256, import_id, file_name FROM ilr_import
                WHERE ukprn = ? AND finished_at IS NOT NULL ORDER BY started_at""")
                .param(ukprn.value())
                .query(rs -> {
                    files.put(rs.getString(1).trim(), new ImportedFile(rs.getObject(2, UUID.class), rs.getString(3)));
                });
        return files;
    }

    /** The lines of what the last import of each of the provider's learners (or of one learner) found. */
    public Lines lines(Ukprn ukprn, String learnRefNumber) {
        Map<String, Integer> lines = new HashMap<>();
        jdbc.sql("""
                SELECT f.learn_ref_number, i.file_sha256, f.rule_id, f.sw_sup_aim_id, f.field, f.line
                FROM import_finding f JOIN ilr_import i ON i.import_id = f.import_id
                WHERE f.ukprn = ? AND (CAST(? AS TEXT) IS NULL OR f.learn_ref_number = ?)""")
                .params(ukprn.value(), learnRefNumber, learnRefNumber)
                .query(rs -> {
                    lines.putIfAbsent(Lines.key(rs.getString(1), rs.getString(2).trim(), rs.getString(3), rs.getString(4),
                            rs.getString(5)), rs.getInt(6));
                });
        return new Lines(lines);
    }
}
