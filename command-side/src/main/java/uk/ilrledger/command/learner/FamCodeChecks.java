package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import uk.ilrledger.command.reference.ReferenceData.FamCodes;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/** The codes a FAM change gives for one type, against the type's list in the year's reference data. */
final class FamCodeChecks {

    private FamCodeChecks() {
    }

    /**
     * Refuses a code outside the type's list (naming {@code field}[i] and {@code ruleId} when the DfE
     * has one), a code given twice, or more codes than the type may hold.
     */
    static void check(FamCodes allowed, String type, List<String> codes, String field, String ruleId,
            CollectionYear year) {
        if (codes == null) {
            throw DomainProblem.invalid(field, "give the type's codes; an empty list leaves the type out");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || !allowed.allows(code)) {
                throw DomainProblem.rule(INVALID, ruleId, field + "[" + i + "]", type + " code " + code
                        + " is not in the " + year + " code list" + (allowed.codes() == null ? ""
                        : " " + allowed.codes().stream().sorted().toList()));
            }
            if (!seen.add(code)) {
                throw DomainProblem.invalid(field + "[" + i + "]", type + " code " + code + " is given twice");
            }
        }
        if (codes.size() > allowed.maxOccurrences()) {
            throw DomainProblem.invalid(field, "a record holds at most " + allowed.maxOccurrences() + " " + type
                    + " code" + (allowed.maxOccurrences() == 1 ? "" : "s"));
        }
    }
}
