package uk.ilrledger.command.imports;

import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.ilr.rules.Severity;
import uk.ilrledger.schemas.values.CollectionYear;

/** The DfE rules an import reports as findings: the ledger's one set ({@link IlrRules}), severities per year. */
@Component
public class ImportRules {

    private final IlrRules rules;

    public ImportRules(IlrRules rules) {
        this.rules = rules;
    }

    public IlrRules rules() {
        return rules;
    }

    public Severity severity(CollectionYear year, String ruleId) {
        return rules.book().severity(year, ruleId);
    }
}
