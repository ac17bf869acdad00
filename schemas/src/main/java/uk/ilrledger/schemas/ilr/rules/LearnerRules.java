package uk.ilrledger.schemas.ilr.rules;

import java.util.List;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LlddAndHealthProblem;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.NameCharacters;

/** The DfE rules on a learner's own fields, their LLDD records and employment statuses. */
final class LearnerRules {

    /** A UK postcode as the DfE writes it: outward code, one space, inward code. */
    private static final Pattern POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}");

    private LearnerRules() {
    }

    /** ULN_04: the ULN passes its check digit (9999999999, not known, excepted). */
    static void uln(IlrLearner learner, Findings out) {
        if (!learner.uln().checkDigitValid()) {
            out.learner("ULN_04", "ULN", "uln", "ULN " + learner.uln() + " fails its check digit");
        }
    }

    /**
     * FD_FamilyName_AP and FD_GivenNames_AP: a name holds only the characters the DfE allows in one
     * ({@link NameCharacters}: Latin letters with their accents and the ILR's character set without
     * digits). The year's schema lets a file carry more (any letter, a control of text direction), so
     * a file's learner is held and the rule is a finding. The message names the character, not the name.
     */
    static void names(IlrLearner learner, Findings out) {
        name("FD_FamilyName_AP", "FamilyName", "familyName", learner.familyName(), out);
        name("FD_GivenNames_AP", "GivenNames", "givenNames", learner.givenNames(), out);
    }

    private static void name(String ruleId, String element, String path, String value, Findings out) {
        String refusal = NameCharacters.refusal(value);
        if (refusal != null) {
            out.learner(ruleId, element, path, element + ": " + refusal);
        }
    }

    /** Postcode_14 and PostcodePrior_02: a UK postcode's format. */
    static void postcodes(IlrLearner learner, Findings out) {
        postcode("Postcode_14", "Postcode", "postcode", learner.postcode(), out);
        postcode("PostcodePrior_02", "PostcodePrior", "postcodePrior", learner.postcodePrior(), out);
    }

    private static void postcode(String ruleId, String element, String path, String value, Findings out) {
        if (value != null && !POSTCODE.matcher(value).matches()) {
            out.learner(ruleId, element, path, element + " '" + value + "' is not a UK postcode");
        }
    }

    /** The year's code lists for the learner's own fields, LLDD records and employment statuses. */
    static void codes(IlrLearner learner, YearCodes codes, Findings out) {
        out.code(codes, "sex", "Learner", "Sex", "sex", null, learner.sex());
        out.code(codes, "ethnicity", "Learner", "Ethnicity", "ethnicity", null, learner.ethnicity());
        out.code(codes, "llddHealthProb", "Learner", "LLDDHealthProb", "llddHealthProb", null, learner.llddHealthProb());
        out.code(codes, "accom", "Learner", "Accom", "accom", null, learner.accom());
        List<LlddAndHealthProblem> lldd = learner.llddAndHealthProblems();
        for (int i = 0; i < lldd.size(); i++) {
            String at = "llddAndHealthProblems[" + i + "].";
            out.code(codes, "llddCat", "LLDDandHealthProblem", "LLDDCat", at + "llddCat", null, lldd.get(i).llddCat());
            out.code(codes, "primaryLldd", "LLDDandHealthProblem", "PrimaryLLDD", at + "primaryLldd", null,
                    lldd.get(i).primaryLldd());
        }
        List<LearnerEmploymentStatus> statuses = learner.learnerEmploymentStatuses();
        for (int i = 0; i < statuses.size(); i++) {
            out.code(codes, "empStat", "LearnerEmploymentStatus", "EmpStat",
                    "learnerEmploymentStatuses[" + i + "].empStat", null, statuses.get(i).empStat());
        }
    }

    /** EmpId_02: an employer's ERN passes its check digit (999999999, not yet known, excepted). */
    static void employers(IlrLearner learner, Findings out) {
        List<LearnerEmploymentStatus> statuses = learner.learnerEmploymentStatuses();
        for (int i = 0; i < statuses.size(); i++) {
            LearnerEmploymentStatus status = statuses.get(i);
            if (status.empId() != null && !EmpId.valid(status.empId())) {
                out.entity("EmpId_02", "LearnerEmploymentStatus", "EmpId", "learnerEmploymentStatuses[" + i + "].empId",
                        "EmpId " + status.empId() + " of the employment status from " + status.dateEmpStatApp()
                                + " fails its check digit");
            }
        }
    }
}
