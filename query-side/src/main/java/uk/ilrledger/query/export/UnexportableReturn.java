package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.util.List;
import java.util.stream.Collectors;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.ilr.xml.Offence;

/**
 * A return holding values the year's schema refuses, every one of them, found before anything was
 * written: the ledger reports them rather than altering a learner's data to fit.
 */
public class UnexportableReturn extends DomainProblem {

    private final transient List<Offence> offences;
    private final IlrSchema schema;

    public UnexportableReturn(IlrSchema schema, List<Offence> offences) {
        super(Kind.INVALID, offences.get(0).field(), null, summary(schema, offences) + ":\n" + offences.stream()
                .map(offence -> "  " + offence.message()).collect(Collectors.joining("\n")));
        this.schema = schema;
        this.offences = List.copyOf(offences);
    }

    public List<Offence> offences() {
        return offences;
    }

    /** {@code 2 values the ILR 2025-26 schema refuses; nothing was exported}. */
    public String summary() {
        return summary(schema, offences);
    }

    private static String summary(IlrSchema schema, List<Offence> offences) {
        return offences.size() + (offences.size() == 1 ? " value" : " values") + " the ILR " + schema.label()
                + " schema refuses; nothing was exported";
    }
}
