package uk.ilrledger.schemas.ilr.xml;

import java.net.URL;
import java.util.Arrays;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The collection years ILR Ledger writes files for. Each year has its own namespace and schema, so
 * a past year's file is always written and checked with that year's rules.
 */
public enum IlrSchema {
    Y2526("2526", "2025-26", 7, true),
    /** Provisional: built from the announced 2026-27 changes until the DfE publishes its schema. */
    Y2627("2627", "2026-27", 8, false);

    private final String year;
    private final String label;
    private final int epaOrgIdMaxLength;
    private final boolean hasFundComp;

    IlrSchema(String year, String label, int epaOrgIdMaxLength, boolean hasFundComp) {
        this.year = year;
        this.label = label;
        this.epaOrgIdMaxLength = epaOrgIdMaxLength;
        this.hasFundComp = hasFundComp;
    }

    /** The year's schema; a year ILR Ledger has no schema for is a 404. */
    public static IlrSchema of(CollectionYear year) {
        return Arrays.stream(values()).filter(schema -> schema.year.equals(year.code())).findFirst()
                .orElseThrow(() -> DomainProblem.notFound("year", "ILR files are exported for "
                        + Arrays.stream(values()).map(IlrSchema::year).toList() + " only, not " + year.code()));
    }

    /** The year as the header and the file name write it: {@code 2526}. */
    public String year() {
        return year;
    }

    /** {@code 2025-26}. */
    public String label() {
        return label;
    }

    public String namespace() {
        return "ESFA/ILR/" + label;
    }

    /** The project's XSD of the year, on the classpath (from the schemas module). */
    public URL xsd() {
        URL xsd = IlrSchema.class.getResource("/xsd/ILR-" + label + ".xsd");
        if (xsd == null) {
            throw new IllegalStateException("no XSD on the classpath for " + label);
        }
        return xsd;
    }

    public int epaOrgIdMaxLength() {
        return epaOrgIdMaxLength;
    }

    /** Whether LearningDeliveryHE has FUNDCOMP (completion of year instance); removed in 2026-27. */
    public boolean hasFundComp() {
        return hasFundComp;
    }
}
