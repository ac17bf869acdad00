package uk.ilrledger.command.evidence;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.changes.ChangeIndex;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Who may download an evidence file. A file belongs to no provider until a change or an import of
 * one cites it; from then on the approvers, auditors and admins granted that provider may read it,
 * and so may the person who raised the citing change. Rows are written with the change index, in
 * the transaction that appends the ChangeRaised event.
 */
@Component
@ProcessingGroup(ChangeIndex.PROCESSING_GROUP)
public class EvidenceCitations {

    private final JdbcClient jdbc;

    public EvidenceCitations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ChangeRaised event) {
        for (EvidenceId evidence : event.evidence()) {
            jdbc.sql("""
                    INSERT INTO evidence_citation (evidence_id, change_id, ukprn, raised_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")
                    .params(evidence.sha256(), event.changeId(), event.learner().ukprn().value(), event.raisedBy())
                    .update();
        }
    }

    /** One provider's change or import that cites a file, and who raised or imported it. */
    public record Citation(Ukprn ukprn, String citedBy) {
    }

    /** Every change and import citing the file. */
    public List<Citation> of(EvidenceId evidence) {
        return jdbc.sql("""
                SELECT ukprn, raised_by FROM evidence_citation WHERE evidence_id = :id
                UNION
                SELECT ukprn, imported_by FROM ilr_import WHERE file_sha256 = :id""")
                .param("id", evidence.sha256())
                .query((rs, n) -> new Citation(new Ukprn(rs.getInt(1)), rs.getString(2)))
                .list();
    }
}
