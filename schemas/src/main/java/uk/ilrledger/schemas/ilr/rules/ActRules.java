package uk.ilrledger.schemas.ilr.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;

/**
 * The DfE's rules on apprenticeship contract type (ACT) periods: R101 (an aim's periods do not
 * overlap), R104 (each of an aim's periods starts the day after the one before ends), R105 (no
 * two periods of different contract types overlap across the learner's aims) and R110 (a period
 * funded through a contract with the employer, ACT 1, starts while the learner is employed).
 */
final class ActRules {

    private static final String ACT = "ACT";
    private static final Comparator<LearningDeliveryFam> BY_START = Comparator.comparing(
            LearningDeliveryFam::learnDelFAMDateFrom, Comparator.nullsLast(Comparator.naturalOrder()));

    private ActRules() {
    }

    static void check(IlrLearner learner, Findings out) {
        List<LearningDelivery> aims = learner.learningDeliveries();
        List<LearningDeliveryFam> all = new ArrayList<>();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            List<LearningDeliveryFam> periods = periods(aim);
            all.addAll(periods);
            String at = "learningDeliveries[" + i + "].learningDeliveryFams";
            for (int p = 1; p < periods.size(); p++) {
                LearningDeliveryFam before = periods.get(p - 1);
                LearningDeliveryFam next = periods.get(p);
                if (next.learnDelFAMDateFrom() == null) {
                    continue;
                }
                if (overlap(before, next)) {
                    out.aim("R101", "LearningDeliveryFAM", "LearnDelFAMDateFrom", at, aim, "ACT period from "
                            + next.learnDelFAMDateFrom() + " overlaps the one from " + before.learnDelFAMDateFrom()
                            + (before.learnDelFAMDateTo() == null ? ", which has no end" : " to " + before.learnDelFAMDateTo()));
                }
                if (!next.learnDelFAMDateFrom().minusDays(1).equals(before.learnDelFAMDateTo())) {
                    out.aim("R104", "LearningDeliveryFAM", "LearnDelFAMDateFrom", at, aim, "ACT period from "
                            + next.learnDelFAMDateFrom() + " does not start the day after the one before ends ("
                            + (before.learnDelFAMDateTo() == null ? "no end" : before.learnDelFAMDateTo()) + ")");
                }
            }
            if (Objects.equals(aim.fundModel(), 36)) {
                for (LearningDeliveryFam period : periods) {
                    LocalDate from = period.learnDelFAMDateFrom();
                    if ("1".equals(period.learnDelFAMCode()) && from != null && !employedOn(learner, from)) {
                        out.aim("R110", "LearningDeliveryFAM", "LearnDelFAMDateFrom", at, aim, "ACT 1 period from " + from
                                + " starts when the learner's employment status is not EmpStat 10 (employed)");
                    }
                }
            }
        }
        crossAims(all, out);
    }

    /** R105: ordered by start across the learner's aims, a period of another ACT code starts before the previous ends. */
    private static void crossAims(List<LearningDeliveryFam> periods, Findings out) {
        List<LearningDeliveryFam> sorted = periods.stream().sorted(BY_START).toList();
        for (int p = 1; p < sorted.size(); p++) {
            LearningDeliveryFam before = sorted.get(p - 1);
            LearningDeliveryFam next = sorted.get(p);
            if (next.learnDelFAMDateFrom() != null && overlap(before, next)
                    && !next.learnDelFAMCode().equals(before.learnDelFAMCode())) {
                out.entity("R105", "LearningDeliveryFAM", "LearnDelFAMCode", "learningDeliveries", "ACT "
                        + next.learnDelFAMCode() + " from " + next.learnDelFAMDateFrom() + " overlaps ACT "
                        + before.learnDelFAMCode() + " from " + before.learnDelFAMDateFrom());
                return;
            }
        }
    }

    private static List<LearningDeliveryFam> periods(LearningDelivery aim) {
        return aim.learningDeliveryFams().stream().filter(fam -> ACT.equalsIgnoreCase(fam.learnDelFAMType()))
                .sorted(BY_START).toList();
    }

    private static boolean overlap(LearningDeliveryFam before, LearningDeliveryFam next) {
        return before.learnDelFAMDateTo() == null || !next.learnDelFAMDateFrom().isAfter(before.learnDelFAMDateTo());
    }

    /** The employment status in effect on {@code date} (the latest applying from it or before) is EmpStat 10. */
    private static boolean employedOn(IlrLearner learner, LocalDate date) {
        return learner.learnerEmploymentStatuses().stream()
                .filter(status -> !status.dateEmpStatApp().isAfter(date))
                .max(Comparator.comparing(LearnerEmploymentStatus::dateEmpStatApp))
                .map(status -> Objects.equals(status.empStat(), 10))
                .orElse(false);
    }
}
