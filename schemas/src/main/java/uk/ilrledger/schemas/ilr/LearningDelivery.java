package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * LearningDelivery: one learning aim. Names are the ILR's own. {@code swSupAimId} (a GUID) is the
 * aim's stable key across years; AimSeqNumber is renumbered per file.
 */
public record LearningDelivery(
        String learnAimRef,
        Integer aimType,
        Integer aimSeqNumber,
        LocalDate learnStartDate,
        LocalDate origLearnStartDate,
        LocalDate learnPlanEndDate,
        Integer fundModel,
        Integer pHours,
        Integer otjActHours,
        Integer progType,
        Integer stdCode,
        String delLocPostCode,
        Integer priorLearnFundAdj,
        String epaOrgId,
        Integer compStatus,
        LocalDate learnActEndDate,
        Integer withdrawReason,
        Integer outcome,
        LocalDate achDate,
        String outGrade,
        String swSupAimId,
        List<LearningDeliveryFam> learningDeliveryFams,
        List<AppFinRecord> appFinRecords) {

    public static final String PROGRAMME_AIM_REF = "ZPROG001";
    public static final int COMP_STATUS_CONTINUING = 1;
    public static final int COMP_STATUS_COMPLETED = 2;
    public static final int COMP_STATUS_WITHDRAWN = 3;
    public static final int COMP_STATUS_BREAK = 6;
    public static final int OUTCOME_NO_ACHIEVEMENT = 3;

    public LearningDelivery {
        Require.text(Require.present(learnAimRef, "learnAimRef"), "learnAimRef", 8);
        Require.present(aimType, "aimType");
        if (aimSeqNumber != null && (aimSeqNumber < 1 || aimSeqNumber > 98)) {
            throw DomainProblem.invalid("aimSeqNumber", "aimSeqNumber must be 1 to 98");
        }
        Require.present(learnStartDate, "learnStartDate");
        Require.present(learnPlanEndDate, "learnPlanEndDate");
        Require.notBefore(learnPlanEndDate, learnStartDate, "learnPlanEndDate", "learnStartDate");
        Require.present(fundModel, "fundModel");
        Require.text(Require.present(delLocPostCode, "delLocPostCode"), "delLocPostCode", 8);
        Require.present(compStatus, "compStatus");
        Require.notBefore(learnActEndDate, learnStartDate, "learnActEndDate", "learnStartDate");
        Require.text(swSupAimId, "swSupAimId", 36);
        learningDeliveryFams = Require.list(learningDeliveryFams);
        appFinRecords = Require.list(appFinRecords);
    }

    /** True while the aim is continuing (CompStatus 1). */
    public boolean continuing() {
        return compStatus == COMP_STATUS_CONTINUING;
    }

    public boolean programmeAim() {
        return aimType == 1;
    }



    public Builder toBuilder() {
        Builder b = new Builder();
        b.learnAimRef = learnAimRef;
        b.aimType = aimType;
        b.aimSeqNumber = aimSeqNumber;
        b.learnStartDate = learnStartDate;
        b.origLearnStartDate = origLearnStartDate;
        b.learnPlanEndDate = learnPlanEndDate;
        b.fundModel = fundModel;
        b.pHours = pHours;
        b.otjActHours = otjActHours;
        b.progType = progType;
        b.stdCode = stdCode;
        b.delLocPostCode = delLocPostCode;
        b.priorLearnFundAdj = priorLearnFundAdj;
        b.epaOrgId = epaOrgId;
        b.compStatus = compStatus;
        b.learnActEndDate = learnActEndDate;
        b.withdrawReason = withdrawReason;
        b.outcome = outcome;
        b.achDate = achDate;
        b.outGrade = outGrade;
        b.swSupAimId = swSupAimId;
        b.learningDeliveryFams = learningDeliveryFams;
        b.appFinRecords = appFinRecords;
        return b;
    }

    /** A changeable copy, for the fold: {@code aim.toBuilder()}, set fields, {@code build()}. */
    public static final class Builder {
        public String learnAimRef;
        public Integer aimType;
        public Integer aimSeqNumber;
        public LocalDate learnStartDate;
        public LocalDate origLearnStartDate;
        public LocalDate learnPlanEndDate;
        public Integer fundModel;
        public Integer pHours;
        public Integer otjActHours;
        public Integer progType;
        public Integer stdCode;
        public String delLocPostCode;
        public Integer priorLearnFundAdj;
        public String epaOrgId;
        public Integer compStatus;
        public LocalDate learnActEndDate;
        public Integer withdrawReason;
        public Integer outcome;
        public LocalDate achDate;
        public String outGrade;
        public String swSupAimId;
        public List<LearningDeliveryFam> learningDeliveryFams;
        public List<AppFinRecord> appFinRecords;

        public LearningDelivery build() {
            return new LearningDelivery(learnAimRef, aimType, aimSeqNumber, learnStartDate, origLearnStartDate, learnPlanEndDate, fundModel, pHours, otjActHours, progType, stdCode, delLocPostCode, priorLearnFundAdj, epaOrgId, compStatus, learnActEndDate, withdrawReason, outcome, achDate, outGrade, swSupAimId, learningDeliveryFams, appFinRecords);
        }
    }

    public LearningDelivery withIdentity(int newAimSeqNumber, String newSwSupAimId) {
        Builder b = toBuilder();
        b.aimSeqNumber = newAimSeqNumber;
        b.swSupAimId = newSwSupAimId;
        return b.build();
    }

    /** This aim's simple ILR fields in schema order (child groups are compared separately). */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("learnAimRef", learnAimRef);
        fields.put("aimType", aimType);
        fields.put("aimSeqNumber", aimSeqNumber);
        fields.put("learnStartDate", learnStartDate);
        fields.put("origLearnStartDate", origLearnStartDate);
        fields.put("learnPlanEndDate", learnPlanEndDate);
        fields.put("fundModel", fundModel);
        fields.put("pHours", pHours);
        fields.put("otjActHours", otjActHours);
        fields.put("progType", progType);
        fields.put("stdCode", stdCode);
        fields.put("delLocPostCode", delLocPostCode);
        fields.put("priorLearnFundAdj", priorLearnFundAdj);
        fields.put("epaOrgId", epaOrgId);
        fields.put("compStatus", compStatus);
        fields.put("learnActEndDate", learnActEndDate);
        fields.put("withdrawReason", withdrawReason);
        fields.put("outcome", outcome);
        fields.put("achDate", achDate);
        fields.put("outGrade", outGrade);
        fields.put("swSupAimId", swSupAimId);
        return fields;
    }
}
