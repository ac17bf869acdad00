package uk.ilrledger.command.evidence;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.security.core.Authentication;
import uk.ilrledger.schemas.values.FreeText;

/** Upload of evidence files; changes then reference them by id. */
@RestController
public class EvidenceController {

    private final EvidenceStore store;

    public EvidenceController(EvidenceStore store) {
        this.store = store;
    }

    public record EvidenceAnswer(String evidenceId, String fileName, String mediaType, long size) {
    }

    @PostMapping(path = "/api/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public EvidenceAnswer upload(@RequestParam("file") MultipartFile file, Authentication user) throws IOException {
        // Shown to approvers and auditors beside every change that cites the file.
        FreeText.check("file", file.getOriginalFilename(), 255);
        StoredEvidence stored = store.store(file.getBytes(), file.getOriginalFilename(), user.getName());
        return new EvidenceAnswer(stored.evidenceId().sha256(), stored.fileName(), stored.mediaType(), stored.size());
    }
}
