package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/** The ILR Learner entity with its employment statuses and learning aims, as the ledger knows it now. */
public record IlrLearner(
        LearnRefNumber learnRefNumber,
        Uln uln,
        String familyName,
        String givenNames,
        LocalDate dateOfBirth,
        Integer ethnicity,
        String sex,
        Integer llddHealthProb,
        String postcodePrior,
        String postcode,
        List<LearnerEmploymentStatus> learnerEmploymentStatuses,
        List<LearningDelivery> learningDeliveries) {

    public IlrLearner {
        Require.present(learnRefNumber, "learnRefNumber");
        Require.present(uln, "uln");
        Require.text(familyName, "familyName", 100);
        Require.text(givenNames, "givenNames", 100);
        Require.present(ethnicity, "ethnicity");
        Require.present(sex, "sex");
        Require.present(llddHealthProb, "llddHealthProb");
        Require.text(Require.present(postcodePrior, "postcodePrior"), "postcodePrior", 8);
        Require.text(Require.present(postcode, "postcode"), "postcode", 8);
        learnerEmploymentStatuses = Require.list(learnerEmploymentStatuses);
        learningDeliveries = Require.list(learningDeliveries);
    }

    public Optional<LearningDelivery> aim(String swSupAimId) {
        return learningDeliveries.stream().filter(aim -> swSupAimId.equals(aim.swSupAimId())).findFirst();
    }

    public IlrLearner withLearningDeliveries(List<LearningDelivery> newDeliveries) {
        return new IlrLearner(learnRefNumber, uln, familyName, givenNames, dateOfBirth, ethnicity, sex,
                llddHealthProb, postcodePrior, postcode, learnerEmploymentStatuses, newDeliveries);
    }

    public IlrLearner withEmploymentStatuses(List<LearnerEmploymentStatus> newStatuses) {
        return new IlrLearner(learnRefNumber, uln, familyName, givenNames, dateOfBirth, ethnicity, sex,
                llddHealthProb, postcodePrior, postcode, newStatuses, learningDeliveries);
    }

    /** A copy with the aims whose SWSupAimId is in {@code aims} replaced by {@code change} applied to them. */
    public IlrLearner withAims(List<String> aims, UnaryOperator<LearningDelivery> change) {
        return withLearningDeliveries(learningDeliveries.stream()
                .map(aim -> aims.contains(aim.swSupAimId()) ? change.apply(aim) : aim)
                .toList());
    }

    /** This learner's simple ILR fields in schema order (child groups are compared separately). */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("learnRefNumber", learnRefNumber.value());
        fields.put("uln", uln.value());
        fields.put("familyName", familyName);
        fields.put("givenNames", givenNames);
        fields.put("dateOfBirth", dateOfBirth);
        fields.put("ethnicity", ethnicity);
        fields.put("sex", sex);
        fields.put("llddHealthProb", llddHealthProb);
        fields.put("postcodePrior", postcodePrior);
        fields.put("postcode", postcode);
        return fields;
    }
}
