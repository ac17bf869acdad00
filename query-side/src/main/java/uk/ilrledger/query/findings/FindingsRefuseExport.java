package uk.ilrledger.query.findings;

/** A strict export refused: the return holds error findings, every finding listed. */
public class FindingsRefuseExport extends RuntimeException {

    private final LedgerFindings.ReturnReport report;

    public FindingsRefuseExport(LedgerFindings.ReturnReport report) {
        super("the " + report.year() + " " + report.period() + " return of UKPRN " + report.ukprn() + " holds "
                + report.counts().summary() + "; a strict export refuses a return with an error finding");
        this.report = report;
    }

    public LedgerFindings.ReturnReport report() {
        return report;
    }
}
