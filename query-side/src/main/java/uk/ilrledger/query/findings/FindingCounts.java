package uk.ilrledger.query.findings;

import java.util.Collection;

/** How many findings of each severity. */
public record FindingCounts(long errors, long warnings) {

    public static FindingCounts of(Collection<LedgerFinding> findings) {
        long errors = findings.stream().filter(LedgerFinding::isError).count();
        return new FindingCounts(errors, findings.size() - errors);
    }

    /** "3 errors, 1 warning". */
    public String summary() {
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings");
    }
}
