package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * LearningDelivery: one learning aim with every element of the schema under it. Names are the ILR's
 * own. {@code swSupAimId} (a GUID) is the aim's stable key across years; AimSeqNumber is renumbered
 * per file. Repeated groups are never null; LearningDeliveryHE, which occurs at most once, is null
 * when absent. Groups added after the first events are left out of the JSON when empty.
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
        Integer partnerUkprn,
        String delLocPostCode,
        String lsdPostcode,
        Integer addHours,
        Integer priorLearnFundAdj,
        Integer otherFundAdj,
        String conRefNumber,
        String epaOrgId,
        Integer compStatus,
        LocalDate learnActEndDate,
        Integer withdrawReason,
        Integer outcome,
        LocalDate achDate,
        String outGrade,
        String swSupAimId,
        Integer tlOut,
        List<LearningDeliveryFam> learningDeliveryFams,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LearningDeliveryWorkPlacement> learningDeliveryWorkPlacements,
        List<AppFinRecord> appFinRecords,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ProviderSpecDeliveryMonitoring> providerSpecDeliveryMonitorings,
        LearningDeliveryHe learningDeliveryHe) {

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
        Require.present(fundModel, "fundModel");
        Require.text(Require.present(delLocPostCode, "delLocPostCode"), "delLocPostCode", 8);
        Require.present(compStatus, "compStatus");
        Require.text(swSupAimId, "swSupAimId", 36);
        learningDeliveryFams = Require.list(learningDeliveryFams);
        learningDeliveryWorkPlacements = Require.list(learningDeliveryWorkPlacements);
        appFinRecords = Require.list(appFinRecords);
        providerSpecDeliveryMonitorings = Require.list(providerSpecDeliveryMonitorings);
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
        b.partnerUkprn = partnerUkprn;
        b.delLocPostCode = delLocPostCode;
        b.lsdPostcode = lsdPostcode;
        b.addHours = addHours;
        b.priorLearnFundAdj = priorLearnFundAdj;
        b.otherFundAdj = otherFundAdj;
        b.conRefNumber = conRefNumber;
        b.epaOrgId = epaOrgId;
        b.compStatus = compStatus;
        b.learnActEndDate = learnActEndDate;
        b.withdrawReason = withdrawReason;
        b.outcome = outcome;
        b.achDate = achDate;
        b.outGrade = outGrade;
        b.swSupAimId = swSupAimId;
        b.tlOut = tlOut;
        b.learningDeliveryFams = learningDeliveryFams;
        b.learningDeliveryWorkPlacements = learningDeliveryWorkPlacements;
        b.appFinRecords = appFinRecords;
        b.providerSpecDeliveryMonitorings = providerSpecDeliveryMonitorings;
        b.learningDeliveryHe = learningDeliveryHe;
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
        public Integer partnerUkprn;
        public String delLocPostCode;
        public String lsdPostcode;
        public Integer addHours;
        public Integer priorLearnFundAdj;
        public Integer otherFundAdj;
        public String conRefNumber;
        public String epaOrgId;
        public Integer compStatus;
        public LocalDate learnActEndDate;
        public Integer withdrawReason;
        public Integer outcome;
        public LocalDate achDate;
        public String outGrade;
        public String swSupAimId;
        public Integer tlOut;
        public List<LearningDeliveryFam> learningDeliveryFams;
        public List<LearningDeliveryWorkPlacement> learningDeliveryWorkPlacements;
        public List<AppFinRecord> appFinRecords;
        public List<ProviderSpecDeliveryMonitoring> providerSpecDeliveryMonitorings;
        public LearningDeliveryHe learningDeliveryHe;

        public LearningDelivery build() {
            return new LearningDelivery(learnAimRef, aimType, aimSeqNumber, learnStartDate, origLearnStartDate,
                    learnPlanEndDate, fundModel, pHours, otjActHours, progType, stdCode, partnerUkprn,
                    delLocPostCode, lsdPostcode, addHours, priorLearnFundAdj, otherFundAdj, conRefNumber, epaOrgId,
                    compStatus, learnActEndDate, withdrawReason, outcome, achDate, outGrade, swSupAimId, tlOut,
                    learningDeliveryFams, learningDeliveryWorkPlacements, appFinRecords,
                    providerSpecDeliveryMonitorings, learningDeliveryHe);
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
        fields.put("partnerUkprn", partnerUkprn);
        fields.put("delLocPostCode", delLocPostCode);
        fields.put("lsdPostcode", lsdPostcode);
        fields.put("addHours", addHours);
        fields.put("priorLearnFundAdj", priorLearnFundAdj);
        fields.put("otherFundAdj", otherFundAdj);
        fields.put("conRefNumber", conRefNumber);
        fields.put("epaOrgId", epaOrgId);
        fields.put("compStatus", compStatus);
        fields.put("learnActEndDate", learnActEndDate);
        fields.put("withdrawReason", withdrawReason);
        fields.put("outcome", outcome);
        fields.put("achDate", achDate);
        fields.put("outGrade", outGrade);
        fields.put("swSupAimId", swSupAimId);
        fields.put("tlOut", tlOut);
        return fields;
    }
}
