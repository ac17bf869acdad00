package uk.ilrledger.web;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.values.EvidenceId;

/** The bytes of a stored evidence file, for showing it beside the change that cites it. */
@Component
public class EvidenceContent {

    private final JdbcClient jdbc;

    public EvidenceContent(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public byte[] content(EvidenceId id) {
        return jdbc.sql("SELECT content FROM evidence WHERE evidence_id = ?").param(id.sha256())
                .query(byte[].class).single();
    }
}
