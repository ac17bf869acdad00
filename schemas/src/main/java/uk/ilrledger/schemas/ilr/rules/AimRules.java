package uk.ilrledger.schemas.ilr.rules;

import static uk.ilrledger.schemas.ilr.rules.Apprenticeships.mayHoldAchDate;
import static uk.ilrledger.schemas.ilr.rules.Apprenticeships.standard;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.CollectionYear;

/** The DfE rules on each aim's own fields. */
final class AimRules {

    private static final Set<Integer> ENDED_UNACHIEVED = Set.of(2, 3);

    private AimRules() {
    }

    private static String at(int index) {
        return "learningDeliveries[" + index + "].";
    }

    /** LearnPlanEndDate_02 and LearnActEndDate_01: an aim does not end before it starts. */
    static void dates(IlrLearner learner, Findings out) {
        List<LearningDelivery> aims = learner.learningDeliveries();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.learnPlanEndDate().isBefore(aim.learnStartDate())) {
                out.aim("LearnPlanEndDate_02", "LearningDelivery", "LearnPlanEndDate", at(i) + "learnPlanEndDate", aim,
                        "LearnPlanEndDate " + aim.learnPlanEndDate() + " is before LearnStartDate " + aim.learnStartDate());
            }
            if (aim.learnActEndDate() != null && aim.learnActEndDate().isBefore(aim.learnStartDate())) {
                out.aim("LearnActEndDate_01", "LearningDelivery", "LearnActEndDate", at(i) + "learnActEndDate", aim,
                        "LearnActEndDate " + aim.learnActEndDate() + " is before LearnStartDate " + aim.learnStartDate());
            }
        }
    }

    /** AimSeqNumber_02 and SWSupAimId_02: no two aims of a learner share either; the first keeps it. */
    static void identities(IlrLearner learner, Findings out) {
        Set<Integer> seqs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<LearningDelivery> aims = learner.learningDeliveries();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.aimSeqNumber() != null && !seqs.add(aim.aimSeqNumber())) {
                out.aim("AimSeqNumber_02", "LearningDelivery", "AimSeqNumber", at(i) + "aimSeqNumber", aim,
                        "AimSeqNumber " + aim.aimSeqNumber() + " is used by an earlier aim");
            }
            if (aim.swSupAimId() != null && !ids.add(aim.swSupAimId())) {
                out.aim("SWSupAimId_02", "LearningDelivery", "SWSupAimId", at(i) + "swSupAimId", aim,
                        "SWSupAimId " + aim.swSupAimId() + " is used by an earlier aim");
            }
        }
    }

    /** The year's code lists for each aim's coded fields. */
    static void codes(IlrLearner learner, YearCodes codes, Findings out) {
        List<LearningDelivery> aims = learner.learningDeliveries();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            String at = at(i);
            out.code(codes, "aimType", "LearningDelivery", "AimType", at + "aimType", aim, aim.aimType());
            out.code(codes, "fundModel", "LearningDelivery", "FundModel", at + "fundModel", aim, aim.fundModel());
            out.code(codes, "compStatus", "LearningDelivery", "CompStatus", at + "compStatus", aim, aim.compStatus());
            out.code(codes, "withdrawReason", "LearningDelivery", "WithdrawReason", at + "withdrawReason", aim,
                    aim.withdrawReason());
            out.code(codes, "outcome", "LearningDelivery", "Outcome", at + "outcome", aim, aim.outcome());
        }
    }

    /**
     * The rules that hold between an aim's own fields whatever change wrote them: LearnActEndDate_01
     * and _04, Outcome_11 and _12, WithdrawReason_01, _03 and _04, CompStatus_06, AchDate_07, _09, _11
     * and _12. A WithdrawReason is judged by the code list of the year the aim ended in. {@code today}
     * is the file's preparation date: no ending or achievement is returned before it happens.
     */
    static void record(IlrLearner learner, YearCodes codes, LocalDate today, Findings out) {
        List<LearningDelivery> aims = learner.learningDeliveries();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            String at = at(i);
            LocalDate end = aim.learnActEndDate();
            if (end != null && aim.learnStartDate() != null && end.isBefore(aim.learnStartDate())) {
                out.aim("LearnActEndDate_01", "LearningDelivery", "LearnActEndDate", at + "learnActEndDate", aim,
                        "LearnActEndDate " + end + " is before LearnStartDate " + aim.learnStartDate());
            }
            if (end != null && end.isAfter(today)) {
                out.aim("LearnActEndDate_04", "LearningDelivery", "LearnActEndDate", at + "learnActEndDate", aim,
                        "LearnActEndDate " + end + " is in the future; it cannot be returned yet");
            }
            if (end != null && aim.outcome() == null) {
                out.aim("Outcome_11", "LearningDelivery", "Outcome", at + "outcome", aim, "an ended aim needs an Outcome");
            }
            if (end == null && aim.outcome() != null) {
                out.aim("Outcome_12", "LearningDelivery", "Outcome", at + "outcome", aim,
                        "an Outcome needs the aim to have ended (a LearnActEndDate)");
            }
            Integer compStatus = aim.compStatus();
            if (compStatus != null && compStatus == LearningDelivery.COMP_STATUS_WITHDRAWN) {
                if (aim.withdrawReason() == null) {
                    out.aim("WithdrawReason_03", "LearningDelivery", "WithdrawReason", at + "withdrawReason", aim,
                            "a withdrawal (CompStatus 3) needs a WithdrawReason");
                } else if (end != null) {
                    CollectionYear ended = CollectionYear.containing(end);
                    Set<Object> allowed = codes.codes(ended, "withdrawReason");
                    if (allowed != null && !allowed.contains(aim.withdrawReason())) {
                        out.aim("WithdrawReason_01", "LearningDelivery", "WithdrawReason", at + "withdrawReason", aim,
                                "WithdrawReason " + aim.withdrawReason() + " is not in the " + ended + " code list");
                    }
                }
            }
            if (compStatus != null && (compStatus == LearningDelivery.COMP_STATUS_WITHDRAWN
                    || compStatus == LearningDelivery.COMP_STATUS_BREAK)
                    && aim.outcome() != null && !ENDED_UNACHIEVED.contains(aim.outcome())) {
                out.aim("CompStatus_06", "LearningDelivery", "Outcome", at + "outcome", aim,
                        "a withdrawn aim or one on a break has Outcome 2 or 3, not " + aim.outcome());
            }
            if (compStatus != null && compStatus == LearningDelivery.COMP_STATUS_BREAK && aim.withdrawReason() != null) {
                out.aim("WithdrawReason_04", "LearningDelivery", "WithdrawReason", at + "withdrawReason", aim,
                        "an aim on a break (CompStatus 6) has no WithdrawReason");
            }
            achievement(aim, at, today, out);
        }
    }

    private static void achievement(LearningDelivery aim, String at, LocalDate today, Findings out) {
        LocalDate achDate = aim.achDate();
        LocalDate end = aim.learnActEndDate();
        if (achDate != null && !mayHoldAchDate(aim)) {
            out.aim("AchDate_09", "LearningDelivery", "AchDate", at + "achDate", aim,
                    "AchDate is recorded only on the programme aim of a traineeship or an apprenticeship standard");
        }
        if (achDate != null && achDate.isAfter(today)) {
            out.aim("AchDate_07", "LearningDelivery", "AchDate", at + "achDate", aim,
                    "AchDate " + achDate + " is after the file preparation date " + today);
        }
        if (achDate != null && end != null && aim.programmeAim() && standard(aim)
                && !end.isBefore(CollectionYear.containing(achDate).firstDay())
                && achDate.isBefore(end.plusDays(7))) {
            out.aim("AchDate_11", "LearningDelivery", "AchDate", at + "achDate", aim,
                    "AchDate must be at least 7 days after LearnActEndDate " + end);
        }
        if (achDate == null && aim.programmeAim() && standard(aim) && aim.compStatus() != null
                && aim.compStatus() == LearningDelivery.COMP_STATUS_COMPLETED) {
            out.aim("AchDate_12", "LearningDelivery", "AchDate", at + "achDate", aim,
                    "a standard's programme aim with CompStatus 2 needs an AchDate (training and assessment done)");
        }
    }
}
