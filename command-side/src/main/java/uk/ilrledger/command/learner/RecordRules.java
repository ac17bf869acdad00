package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.mayHoldAchDate;
import static uk.ilrledger.command.learner.RuleChecks.standard;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.problems.DomainProblem.Kind;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE rules that hold between an aim's own fields whatever change wrote them: the ones each
 * change type checks on its request, stated over the record, so a correction can be held to them.
 * A problem is keyed by the aim's SWSupAimId, not its place, so the same fault before and after a
 * correction compares equal.
 */
final class RecordRules {

    record Problem(Kind kind, String ruleId, String aim, String field, String message) {
        /** The same rule broken by the same aim's field: the same problem, whatever the values now. */
        String key() {
            return ruleId + "|" + aim + "|" + field;
        }
    }

    private static final Set<Integer> ENDED_UNACHIEVED = Set.of(2, 3);

    private final ReferenceData referenceData;

    RecordRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    List<Problem> problems(IlrLearner record, LocalDate today) {
        List<Problem> problems = new ArrayList<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            String id = aim.swSupAimId();
            LocalDate end = aim.learnActEndDate();
            if (end != null && aim.learnStartDate() != null && end.isBefore(aim.learnStartDate())) {
                problems.add(new Problem(INVALID, "LearnActEndDate_01", id, "learnActEndDate",
                        "LearnActEndDate " + end + " is before LearnStartDate " + aim.learnStartDate()));
            }
            if (end != null && end.isAfter(today)) {
                problems.add(new Problem(INVALID, "LearnActEndDate_04", id, "learnActEndDate",
                        "LearnActEndDate " + end + " is in the future; it cannot be returned yet"));
            }
            if (end != null && aim.outcome() == null) {
                problems.add(new Problem(INVALID, "Outcome_11", id, "outcome", "an ended aim needs an Outcome"));
            }
            if (end == null && aim.outcome() != null) {
                problems.add(new Problem(INVALID, "Outcome_12", id, "outcome",
                        "an Outcome needs the aim to have ended (a LearnActEndDate)"));
            }
            Integer compStatus = aim.compStatus();
            if (compStatus != null && compStatus == LearningDelivery.COMP_STATUS_WITHDRAWN) {
                if (aim.withdrawReason() == null) {
                    problems.add(new Problem(INVALID, "WithdrawReason_03", id, "withdrawReason",
                            "a withdrawal (CompStatus 3) needs a WithdrawReason"));
                } else if (end != null && !referenceData.year(CollectionYear.containing(end)).withdrawReason()
                        .contains(aim.withdrawReason())) {
                    problems.add(new Problem(INVALID, "WithdrawReason_01", id, "withdrawReason", "WithdrawReason "
                            + aim.withdrawReason() + " is not in the " + CollectionYear.containing(end) + " code list"));
                }
            }
            if (compStatus != null && (compStatus == LearningDelivery.COMP_STATUS_WITHDRAWN
                    || compStatus == LearningDelivery.COMP_STATUS_BREAK)
                    && aim.outcome() != null && !ENDED_UNACHIEVED.contains(aim.outcome())) {
                problems.add(new Problem(CONFLICT, "CompStatus_06", id, "outcome",
                        "a withdrawn aim or one on a break has Outcome 2 or 3, not " + aim.outcome()));
            }
            if (compStatus != null && compStatus == LearningDelivery.COMP_STATUS_BREAK && aim.withdrawReason() != null) {
                problems.add(new Problem(INVALID, "WithdrawReason_04", id, "withdrawReason",
                        "an aim on a break (CompStatus 6) has no WithdrawReason"));
            }
            LocalDate achDate = aim.achDate();
            if (achDate != null && !mayHoldAchDate(aim)) {
                problems.add(new Problem(INVALID, "AchDate_09", id, "achDate",
                        "AchDate is recorded only on the programme aim of a traineeship or an apprenticeship standard"));
            }
            if (achDate != null && achDate.isAfter(today)) {
                problems.add(new Problem(INVALID, "AchDate_07", id, "achDate",
                        "AchDate " + achDate + " is after the file preparation date " + today));
            }
            if (achDate != null && end != null && aim.programmeAim() && standard(aim)
                    && !end.isBefore(CollectionYear.containing(achDate).firstDay())
                    && achDate.isBefore(end.plusDays(7))) {
                problems.add(new Problem(INVALID, "AchDate_11", id, "achDate",
                        "AchDate must be at least 7 days after LearnActEndDate " + end));
            }
            if (achDate == null && aim.programmeAim() && standard(aim) && compStatus != null
                    && compStatus == LearningDelivery.COMP_STATUS_COMPLETED) {
                problems.add(new Problem(INVALID, "AchDate_12", id, "achDate",
                        "a standard's programme aim with CompStatus 2 needs an AchDate (training and assessment done)"));
            }
        }
        return problems;
    }
}
