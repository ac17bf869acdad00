package uk.ilrledger.query.export;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.ReadResponses;
import uk.ilrledger.query.export.IlrExports.PreparedExport;
import uk.ilrledger.query.findings.FindingsRefuseExport;
import uk.ilrledger.query.findings.LedgerFinding;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.schemas.ilr.xml.Offence;

/** The R-return as the ILR XML file the provider uploads to the DfE, streamed. */
@RestController
@RequestMapping("/api/providers/{ukprn}/returns")
public class IlrExportController {

    /** How many of the DfE's rules the exported return breaks: "3 errors, 1 warning". */
    public static final String FINDINGS_HEADER = "ILR-Ledger-Findings";

    private final IlrExports exports;

    public IlrExportController(IlrExports exports) {
        this.exports = exports;
    }

    /**
     * Each call is a new file: the next SerialNo of the UKPRN and year, named by Content-Disposition.
     * Everything that can refuse the export does so before the first byte is sent, including projections
     * behind the store's head (503). {@code ILR-Ledger-Store-Position} says how far the file reflects the store.
     */
    @GetMapping("/{year}/{period}/ilr.xml")
    @ApiResponse(responseCode = "200", description = "The ILR XML file, valid against the year's XSD, named by "
            + "`Content-Disposition`",
            content = @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "422", description = "The schema refuses values the ledger holds; each is listed in "
            + "`errors`, and nothing is written")
    @ApiResponse(responseCode = "503", description = ReadResponses.PROJECTIONS_BEHIND)
    public void ilrXml(@PathVariable String ukprn, @PathVariable String year, @PathVariable String period,
            @RequestParam(required = false) Instant asOf, @RequestParam(defaultValue = "false") boolean strict,
            Authentication user, HttpServletResponse response) throws IOException {
        PreparedExport export = exports.prepare(Ukprn.parse(ukprn), CollectionYear.parse(year),
                ReturnPeriod.parse(period), asOf, user.getName(), strict);
        response.setContentType("application/xml;charset=UTF-8");
        response.setHeader(FINDINGS_HEADER, export.findings().summary());
        response.setHeader(ProcessorsCaughtUp.STORE_POSITION_HEADER, Long.toString(export.storePosition()));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(export.fileName()).build().toString());
        OutputStream body = response.getOutputStream();
        export.writeTo(body, written -> { });
        body.flush();
    }

    /** 422: the request is fine, the stored data is not fit for the DfE; each value is listed. */
    @ExceptionHandler(UnexportableReturn.class)
    ResponseEntity<ProblemDetail> unexportable(UnexportableReturn e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.summary());
        problem.setType(URI.create("urn:ilr-ledger:problem:schema-refuses-values"));
        problem.setTitle(HttpStatus.UNPROCESSABLE_ENTITY.getReasonPhrase());
        List<Map<String, Object>> errors = e.offences().stream().map(IlrExportController::error).toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(problem);
    }

    /** 422 for a strict export of a return with error findings: every finding listed, each naming its field, errors first. */
    @ExceptionHandler(FindingsRefuseExport.class)
    ResponseEntity<ProblemDetail> refusedForFindings(FindingsRefuseExport e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        problem.setType(URI.create("urn:ilr-ledger:problem:return-has-findings"));
        problem.setTitle(HttpStatus.UNPROCESSABLE_ENTITY.getReasonPhrase());
        problem.setProperty("counts", e.report().counts());
        problem.setProperty("findings", e.report().findings().stream()
                .sorted(Comparator.comparing(LedgerFinding::isError).reversed()).map(IlrExportController::finding).toList());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY)
                .header(FINDINGS_HEADER, e.report().counts().summary()).body(problem);
    }

    private static Map<String, Object> finding(LedgerFinding finding) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", finding.field());
        error.put("message", finding.message());
        error.put("ruleId", finding.ruleId());
        error.put("severity", finding.severity());
        error.put("learnRefNumber", finding.learnRefNumber());
        if (finding.aimSeqNumber() != null) {
            error.put("aimSeqNumber", finding.aimSeqNumber());
        }
        error.put("entity", finding.entity());
        if (finding.line() != null) {
            error.put("line", finding.line());
        }
        return error;
    }

    private static Map<String, Object> error(Offence offence) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", offence.field());
        error.put("message", offence.message());
        error.put("learnRefNumber", offence.learnRefNumber());
        if (offence.aimSeqNumber() != null) {
            error.put("aimSeqNumber", offence.aimSeqNumber());
        }
        error.put("element", offence.element());
        if (offence.value() != null) {
            error.put("value", offence.value());
        }
        if (offence.character() != null) {
            error.put("character", offence.character());
        }
        return error;
    }
}
