package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.Uln;

/**
 * The ILR Learner entity with every element of the schema under it, as the ledger knows it now.
 * Components are in schema order: the simple elements, then the child groups. Repeated groups are
 * never null (absent is empty); LearnerHE, which occurs at most once, is null when absent. Groups
 * the ledger added after its first events are left out of the JSON when empty, so events written
 * before them read the same.
 */
public record IlrLearner(
        LearnRefNumber learnRefNumber,
        Uln uln,
        String prevLearnRefNumber,
        Integer prevUkprn,
        Integer pmUkprn,
        String campId,
        String familyName,
        String givenNames,
        LocalDate dateOfBirth,
        Integer ethnicity,
        String sex,
        Integer llddHealthProb,
        String niNumber,
        Integer accom,
        Integer alsCost,
        Integer planLearnHours,
        Integer planEepHours,
        String mathGrade,
        String engGrade,
        String postcodePrior,
        String postcode,
        String addLine1,
        String addLine2,
        String addLine3,
        String addLine4,
        String telNo,
        String email,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PriorAttain> priorAttains,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LlddAndHealthProblem> llddAndHealthProblems,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LearnerFam> learnerFams,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProviderSpecLearnerMonitoring> providerSpecLearnerMonitorings,
        List<LearnerEmploymentStatus> learnerEmploymentStatuses,
        LearnerHe learnerHe,
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
        priorAttains = Require.list(priorAttains);
        llddAndHealthProblems = Require.list(llddAndHealthProblems);
        learnerFams = Require.list(learnerFams);
        providerSpecLearnerMonitorings = Require.list(providerSpecLearnerMonitorings);
        learnerEmploymentStatuses = Require.list(learnerEmploymentStatuses);
        learningDeliveries = Require.list(learningDeliveries);
    }

    public Optional<LearningDelivery> aim(String swSupAimId) {
        return learningDeliveries.stream().filter(aim -> swSupAimId.equals(aim.swSupAimId())).findFirst();
    }

    public IlrLearner withLearningDeliveries(List<LearningDelivery> newDeliveries) {
        Builder b = toBuilder();
        b.learningDeliveries = newDeliveries;
        return b.build();
    }

    public IlrLearner withEmploymentStatuses(List<LearnerEmploymentStatus> newStatuses) {
        Builder b = toBuilder();
        b.learnerEmploymentStatuses = newStatuses;
        return b.build();
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
        fields.put("prevLearnRefNumber", prevLearnRefNumber);
        fields.put("prevUkprn", prevUkprn);
        fields.put("pmUkprn", pmUkprn);
        fields.put("campId", campId);
        fields.put("familyName", familyName);
        fields.put("givenNames", givenNames);
        fields.put("dateOfBirth", dateOfBirth);
        fields.put("ethnicity", ethnicity);
        fields.put("sex", sex);
        fields.put("llddHealthProb", llddHealthProb);
        fields.put("niNumber", niNumber);
        fields.put("accom", accom);
        fields.put("alsCost", alsCost);
        fields.put("planLearnHours", planLearnHours);
        fields.put("planEepHours", planEepHours);
        fields.put("mathGrade", mathGrade);
        fields.put("engGrade", engGrade);
        fields.put("postcodePrior", postcodePrior);
        fields.put("postcode", postcode);
        fields.put("addLine1", addLine1);
        fields.put("addLine2", addLine2);
        fields.put("addLine3", addLine3);
        fields.put("addLine4", addLine4);
        fields.put("telNo", telNo);
        fields.put("email", email);
        return fields;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.learnRefNumber = learnRefNumber;
        b.uln = uln;
        b.prevLearnRefNumber = prevLearnRefNumber;
        b.prevUkprn = prevUkprn;
        b.pmUkprn = pmUkprn;
        b.campId = campId;
        b.familyName = familyName;
        b.givenNames = givenNames;
        b.dateOfBirth = dateOfBirth;
        b.ethnicity = ethnicity;
        b.sex = sex;
        b.llddHealthProb = llddHealthProb;
        b.niNumber = niNumber;
        b.accom = accom;
        b.alsCost = alsCost;
        b.planLearnHours = planLearnHours;
        b.planEepHours = planEepHours;
        b.mathGrade = mathGrade;
        b.engGrade = engGrade;
        b.postcodePrior = postcodePrior;
        b.postcode = postcode;
        b.addLine1 = addLine1;
        b.addLine2 = addLine2;
        b.addLine3 = addLine3;
        b.addLine4 = addLine4;
        b.telNo = telNo;
        b.email = email;
        b.priorAttains = priorAttains;
        b.llddAndHealthProblems = llddAndHealthProblems;
        b.learnerFams = learnerFams;
        b.providerSpecLearnerMonitorings = providerSpecLearnerMonitorings;
        b.learnerEmploymentStatuses = learnerEmploymentStatuses;
        b.learnerHe = learnerHe;
        b.learningDeliveries = learningDeliveries;
        return b;
    }

    /** A changeable copy: {@code learner.toBuilder()} or {@code new Builder()}, set fields, {@code build()}. */
    public static final class Builder {
        public LearnRefNumber learnRefNumber;
        public Uln uln;
        public String prevLearnRefNumber;
        public Integer prevUkprn;
        public Integer pmUkprn;
        public String campId;
        public String familyName;
        public String givenNames;
        public LocalDate dateOfBirth;
        public Integer ethnicity;
        public String sex;
        public Integer llddHealthProb;
        public String niNumber;
        public Integer accom;
        public Integer alsCost;
        public Integer planLearnHours;
        public Integer planEepHours;
        public String mathGrade;
        public String engGrade;
        public String postcodePrior;
        public String postcode;
        public String addLine1;
        public String addLine2;
        public String addLine3;
        public String addLine4;
        public String telNo;
        public String email;
        public List<PriorAttain> priorAttains;
        public List<LlddAndHealthProblem> llddAndHealthProblems;
        public List<LearnerFam> learnerFams;
        public List<ProviderSpecLearnerMonitoring> providerSpecLearnerMonitorings;
        public List<LearnerEmploymentStatus> learnerEmploymentStatuses;
        public LearnerHe learnerHe;
        public List<LearningDelivery> learningDeliveries;

        public IlrLearner build() {
            return new IlrLearner(learnRefNumber, uln, prevLearnRefNumber, prevUkprn, pmUkprn, campId, familyName,
                    givenNames, dateOfBirth, ethnicity, sex, llddHealthProb, niNumber, accom, alsCost,
                    planLearnHours, planEepHours, mathGrade, engGrade, postcodePrior, postcode, addLine1, addLine2,
                    addLine3, addLine4, telNo, email, priorAttains, llddAndHealthProblems, learnerFams,
                    providerSpecLearnerMonitorings, learnerEmploymentStatuses, learnerHe, learningDeliveries);
        }
    }
}
