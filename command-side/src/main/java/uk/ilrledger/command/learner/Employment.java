package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;

/** The learner's employment as its statuses give it on a date, and the DfE's R110 over it. */
final class Employment {

    static final int EMPLOYED = ChangeOfEmployer.EMPLOYED;

    private Employment() {
    }

    /** The status in effect on {@code date}: the latest dated on or before it. */
    static Optional<LearnerEmploymentStatus> on(List<LearnerEmploymentStatus> statuses, LocalDate date) {
        LearnerEmploymentStatus found = null;
        for (LearnerEmploymentStatus status : statuses) {
            if (!status.dateEmpStatApp().isAfter(date)
                    && (found == null || status.dateEmpStatApp().isAfter(found.dateEmpStatApp()))) {
                found = status;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The EmpId of the latest EmpStat 10 status dated on or before {@code date}, or null. */
    static Integer lastEmployerBy(List<LearnerEmploymentStatus> statuses, LocalDate date) {
        return on(statuses.stream().filter(s -> s.empStat() == EMPLOYED).toList(), date)
                .map(LearnerEmploymentStatus::empId).orElse(null);
    }

    /**
     * Whether the learner works for another employer on {@code restart} than the one they last worked
     * for by {@code breakBegan}: a change during the break or with the restart.
     */
    static boolean employerChangedBetween(IlrLearner record, LocalDate breakBegan, LocalDate restart) {
        Optional<LearnerEmploymentStatus> now = on(record.learnerEmploymentStatuses(), restart);
        return now.isPresent() && now.get().empStat() == EMPLOYED && now.get().empId() != null
                && now.get().dateEmpStatApp().isAfter(breakBegan)
                && !Objects.equals(now.get().empId(), lastEmployerBy(record.learnerEmploymentStatuses(), breakBegan));
    }

    /**
     * R110: each ACT=1 period of an apprenticeship (FundModel 36) must start on a day the learner is
     * employed (EmpStat 10). The start dates of the periods of {@code aims} that do not, under {@code statuses}.
     */
    static Set<LocalDate> r110Breaches(List<LearningDelivery> aims, List<LearnerEmploymentStatus> statuses) {
        Set<LocalDate> breaches = new TreeSet<>();
        for (LearningDelivery aim : aims) {
            for (LearningDeliveryFam fam : aim.learningDeliveryFams()) {
                if (aim.fundModel() == 36 && "ACT".equals(fam.learnDelFAMType()) && "1".equals(fam.learnDelFAMCode())
                        && fam.learnDelFAMDateFrom() != null && !employedOn(statuses, fam.learnDelFAMDateFrom())) {
                    breaches.add(fam.learnDelFAMDateFrom());
                }
            }
        }
        return breaches;
    }

    static boolean employedOn(List<LearnerEmploymentStatus> statuses, LocalDate date) {
        return on(statuses, date).map(s -> s.empStat() == EMPLOYED).orElse(false);
    }
}
