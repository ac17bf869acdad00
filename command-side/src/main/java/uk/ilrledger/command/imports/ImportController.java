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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.command.imports.IlrImports.FileTooLarge;
import uk.ilrledger.command.imports.IlrImports.ImportRequest;
import uk.ilrledger.command.imports.IlrImports.ImportResult;
import uk.ilrledger.schemas.values.FreeText;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * {@code POST /api/providers/{ukprn}/imports}: the body is the ILR XML file itself. It is copied to
 * a temporary file as it arrives (refused once it passes the size limit, or at once when its
 * Content-Length says it will), then imported from there; the copy is deleted afterwards.
 */
@RestController
public class ImportController {

    private final IlrImports imports;

    public ImportController(IlrImports imports) {
        this.imports = imports;
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
            @RequestParam(required = false) String fileName, HttpServletRequest request, Authentication user)
            throws IOException {
        Ukprn provider = Ukprn.parse(ukprn);
        long limit = imports.maxFileSize();
        if (request.getContentLengthLong() > limit) {
            throw new FileTooLarge(request.getContentLengthLong(), limit);
        }
        String name = fileName == null || fileName.isBlank() ? "ILR-" + ukprn + "-upload.xml" : fileName;
        // The name goes into the reason of every correction the import records.
        FreeText.check("fileName", name, 200);
        Path spooled = Files.createTempFile("ilr-import-", ".xml");
        try {
            copy(request.getInputStream(), spooled, limit);
            return imports.importFile(new ImportRequest(provider, spooled, name, importId, user.getName()),
                    IlrImports.Progress.NONE);
        } finally {
            Files.deleteIfExists(spooled);
        }
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
