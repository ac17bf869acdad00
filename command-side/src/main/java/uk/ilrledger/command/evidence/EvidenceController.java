package uk.ilrledger.command.evidence;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EvidenceId;

/** Upload of evidence files, which changes then cite by id, and their download by those who may read them. */
@RestController
public class EvidenceController {

    private final EvidenceStore store;
    private final EvidenceReaders readers;

    public EvidenceController(EvidenceStore store, EvidenceReaders readers) {
        this.store = store;
        this.readers = readers;
    }

    public record EvidenceAnswer(String evidenceId, String fileName, String mediaType, long size) {
    }

    @PostMapping(path = "/api/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ApiResponse(responseCode = "413", description = "The file is larger than `ilr-ledger.evidence.max-size`")
    @ApiResponse(responseCode = "415", description = "The file's content is not a well-formed PDF, PNG, JPEG, UTF-8 "
            + "text, e-mail or Office document, or holds scripts, markup, macros or attached files")
    @ResponseStatus(HttpStatus.CREATED)
    public EvidenceAnswer upload(@RequestParam("file") MultipartFile file, Authentication user) throws IOException {
        // The store checks the name and the content, as it does for an upload through the screens.
        byte[] bytes = file.getBytes();
        String fileName = file.getOriginalFilename();
        StoredEvidence stored = store.store(bytes, fileName, user.getName());
        return new EvidenceAnswer(stored.evidenceId().sha256(), stored.fileName(), stored.mediaType(), stored.size());
    }

    /**
     * The file as uploaded, to those who may read it (see {@link EvidenceReaders}); 404 to everyone
     * else. Always an attachment of its stored type, never sniffed: evidence is whatever a learner sent.
     */
    @GetMapping("/api/evidence/{evidenceId}")
    @ApiResponse(responseCode = "200", description = "The file as uploaded, of its stored media type, as an attachment",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "No such file, or none the caller may read: the same answer "
            + "either way")
    public ResponseEntity<byte[]> download(@PathVariable String evidenceId, Authentication user) {
        EvidenceId id = parse(evidenceId);
        StoredEvidence evidence = store.find(id).filter(found -> readers.mayRead(found, user))
                .orElseThrow(() -> DomainProblem.notFound("evidenceId", "no evidence " + evidenceId + " you may read"));
        byte[] content = store.content(id).orElseThrow();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(evidence.mediaType()))
                .contentLength(content.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(safeFileName(evidence.fileName())).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .cacheControl(CacheControl.noStore())
                .body(content);
    }

    /** The name's last path segment in letters, digits, dot, dash and underscore: safe in any header or file system. */
    static String safeFileName(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
                .replaceAll("[^A-Za-z0-9._-]", "_")
                .replaceAll("^[.]+", "");
        return name.isEmpty() ? "evidence" : name;
    }

    private static EvidenceId parse(String evidenceId) {
        try {
            return new EvidenceId(evidenceId);
        } catch (DomainProblem malformed) {
            throw DomainProblem.invalid("evidenceId",
                    "an evidence id is a lower-case hex SHA-256, was '" + evidenceId + "'");
        }
    }
}
