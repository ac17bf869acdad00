package uk.ilrledger.command.evidence;

import java.time.Instant;
import uk.ilrledger.schemas.values.EvidenceId;

/** What the ledger knows of a stored evidence file, without its bytes. */
public record StoredEvidence(EvidenceId evidenceId, String fileName, String mediaType, long size, String uploadedBy,
        Instant uploadedAt) {
}
