package uk.ilrledger.command.imports;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.command.imports.IlrImports.FileTooLarge;
import uk.ilrledger.command.imports.IlrImports.ImportRequest;
import uk.ilrledger.command.imports.IlrImports.ImportResult;
import uk.ilrledger.command.imports.IlrImports.ImportView;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code POST /api/providers/{ukprn}/imports}: the body is the ILR XML file itself
 * ({@code ?force=true&reason=…} for a file not later than one already imported). It is copied to
 * a temporary file as it arrives (refused once it passes the size limit, or at once when its
 * Content-Length says it will), then imported from there; the copy is deleted afterwards.
 */
@RestController
public class ImportController {

    private final IlrImports imports;
    private final int maxTextLength;

    public ImportController(IlrImports imports,
            @Value("${ilr-ledger.changes.max-text-length:4000}") int maxTextLength) {
        this.imports = imports;
        this.maxTextLength = maxTextLength;
    }

    /** A second person's decision on an import's new learners. */
    public record ImportDecision(String comment, String reason) {
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "An ILR XML file of 2025-26 or 2026-27",
            required = true,
            content = @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "200", description = "Recorded, or nothing new for a file imported before: counts, "
            + "findings and the aims the file lacks")
    @ApiResponse(responseCode = "409", description = "`importId` was used for another file")
    @PostMapping(path = "/api/providers/{ukprn}/imports",
            consumes = {"application/xml", "text/xml", "application/octet-stream"})
    public ImportResult importFile(@PathVariable String ukprn, @RequestParam(required = false) UUID importId,
            @RequestParam(required = false) String fileName, @RequestParam(defaultValue = "false") boolean force,
            @RequestParam(required = false) String reason, HttpServletRequest request, Authentication user)
            throws IOException {
        Ukprn provider = Ukprn.parse(ukprn);
        String forceReason = force ? required("reason", reason, "a forced import needs a reason") : null;
        long limit = imports.maxFileSize();
        if (request.getContentLengthLong() > limit) {
            throw new FileTooLarge(request.getContentLengthLong(), limit);
        }
        String name = fileName == null || fileName.isBlank() ? "ILR-" + ukprn + "-upload.xml" : fileName;
        // The name goes into the reason of every correction the import records.
        FreeText.fileName("fileName", name, 200);
        Path spooled = Files.createTempFile("ilr-import-", ".xml");
        try {
            copy(request.getInputStream(), spooled, limit);
            return imports.importFile(new ImportRequest(provider, spooled, name, importId, user.getName(), forceReason),
                    IlrImports.Progress.NONE);
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    @GetMapping("/api/providers/{ukprn}/imports/{importId}")
    public ImportView importOf(@PathVariable String ukprn, @PathVariable UUID importId) {
        return imports.view(Ukprn.parse(ukprn), importId);
    }

    /** Registers the import's new learners: a second person, never the importer. */
    @PostMapping("/api/providers/{ukprn}/imports/{importId}/approval")
    public ImportView approve(@PathVariable String ukprn, @PathVariable UUID importId,
            @RequestBody(required = false) ImportDecision decision, Authentication user) throws IOException {
        String comment = decision == null ? null : FreeText.check("comment", decision.comment(), maxTextLength);
        return imports.approve(Ukprn.parse(ukprn), importId, user.getName(), comment);
    }

    /** Refuses the import's new learners, with a reason: nothing is registered. */
    @PostMapping("/api/providers/{ukprn}/imports/{importId}/rejection")
    public ImportView reject(@PathVariable String ukprn, @PathVariable UUID importId,
            @RequestBody(required = false) ImportDecision decision, Authentication user) throws IOException {
        String reason = required("reason", decision == null ? null : decision.reason(), "a rejection needs a reason");
        return imports.reject(Ukprn.parse(ukprn), importId, user.getName(), reason);
    }

    private String required(String field, String text, String message) {
        String checked = FreeText.check(field, text, maxTextLength);
        if (checked == null || checked.isBlank()) {
            throw DomainProblem.invalid(field, message);
        }
        return checked;
    }

    private static void copy(InputStream in, Path to, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    throw new FileTooLarge(-1, limit);
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
